"""Sessions of a program through HTTP: times in local time, venues, double booking, capacity."""

import threading
import time
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from program_planner.db import begin_write, locked
from program_planner.extensions import db
from program_planner.occurrences import service
from program_planner.occurrences.models import Occurrence
from program_planner.programs.items import ItemError
from program_planner.programs.models import DeliveryMode, Program, Status
from tests.conftest import query, sign_in
from tests.editing import delete_row
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence
from tests.occurrences.helpers import plain, session_form, setup_programs


def sessions(app):
    return [
        tuple(r)
        for r in query(
            app,
            sa.select(
                Occurrence.starts_at,
                Occurrence.ends_at,
                Occurrence.venue_id,
                Occurrence.capacity,
                Occurrence.expected_attendance,
            ).order_by(Occurrence.id),
        )
    ]


def test_a_session_typed_in_local_time_is_stored_in_utc_and_shown_local(
    clean_app, client, login_as, branch
):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    url = f"/programs/{ids['program']}/occurrences/new"
    page = client.get(url).get_data(as_text=True)
    assert '<optgroup label="Central Library">' in page and ">Riverside Room</option>" in page
    assert '<optgroup label="Community venues">' in page
    response = client.post(url, data=session_form(ids["room"]))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programs/{ids['program']}#sessions"
    assert sessions(clean_app) == [
        (
            datetime(2027, 3, 3, 23, 30, tzinfo=UTC),  # 18:30 in Toronto (UTC-5)
            datetime(2027, 3, 4, 1, 0, tzinfo=UTC),
            ids["room"],
            30,  # the venue's capacity when left empty
            20,
        )
    ]
    occurrence_id = query(clean_app, sa.select(Occurrence.id))[0]
    page = client.get(f"/programs/{ids['program']}/occurrences/{occurrence_id}")
    page = page.get_data(as_text=True)
    assert 'value="2027-03-03T18:30"' in page and 'value="2027-03-03T20:00"' in page
    detail = plain(client.get(f"/programs/{ids['program']}").get_data(as_text=True))
    assert "Wednesday, March 3, 2027" in detail and "6:30 PM–8:00 PM" in detail
    assert "Riverside Room" in detail and "20 / 30" in detail


def test_summer_time_is_respected(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    data = session_form(ids["room"], starts_at="2027-07-03T18:30", ends_at="2027-07-03T20:00")
    client.post(f"/programs/{ids['program']}/occurrences/new", data=data)
    assert sessions(clean_app)[0][0] == datetime(2027, 7, 3, 22, 30, tzinfo=UTC)  # EDT, UTC-4


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "2027-03-03T18:00"}, "ends_at", "The session must end after it starts."),
        ({"ends_at": "2027-03-03T18:30"}, "ends_at", "The session must end after it starts."),
        ({"ends_at": "2027-03-04T07:00"}, "ends_at", "A session lasts at most 12 hours"),
        ({"starts_at": ""}, "starts_at", "Enter the date and time the session starts."),
        ({"starts_at": "tomorrow"}, "starts_at", "Enter a date and time, e.g."),
        ({"venue_id": ""}, "venue_id", "Choose a venue; only programs delivered online"),
        ({"venue_id": "9999"}, "venue_id", "Choose a venue from the list."),
        ({"capacity": "31"}, "capacity", "Riverside Room holds at most 30 people"),
        ({"capacity": "0"}, "capacity", "Enter at least 1, or leave empty."),
        ({"expected_attendance": "-3"}, "expected_attendance", "Enter a whole number from 0"),
        ({"online_link": "javascript:alert(1)"}, "online_link", "starting with https://"),
    ],
)
def test_bad_input_is_refused_at_the_field_keeping_what_was_typed(
    clean_app, client, login_as, branch, changes, field, message
):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    data = {**session_form(ids["room"], notes="Bring laptops"), **changes}
    response = client.post(f"/programs/{ids['program']}/occurrences/new", data=data)
    page = plain(response.get_data(as_text=True))
    assert response.status_code == 200
    error = page.split(f'id="{field}-error">', 1)[1].split("</div>", 1)[0]
    assert message in error
    assert "Bring laptops" in page and f'value="{data["starts_at"]}"' in page
    assert sessions(clean_app) == []


def test_online_programs_need_a_link_not_a_venue(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch, mode=DeliveryMode.ONLINE)
    url = f"/programs/{ids['program']}/occurrences/new"
    assert "No venue (online)" in client.get(url).get_data(as_text=True)
    page = client.post(url, data=session_form()).get_data(as_text=True)
    assert "Enter the link people use to join" in page
    link = "https://meet.example.org/abc"
    assert client.post(url, data=session_form(online_link=link)).status_code == 302
    assert query(clean_app, sa.select(Occurrence.venue_id, Occurrence.online_link))[0] == (
        None,
        link,
    )
    detail = client.get(f"/programs/{ids['program']}").get_data(as_text=True)
    assert f'href="{link}"' in detail


def test_hybrid_programs_need_a_venue_and_a_link(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch, mode=DeliveryMode.HYBRID)
    url = f"/programs/{ids['program']}/occurrences/new"
    page = client.post(url, data=session_form(ids["room"])).get_data(as_text=True)
    assert "Enter the link people use to join" in page
    page = client.post(url, data=session_form(online_link="https://x.example.org/")).get_data(
        as_text=True
    )
    assert "Choose a venue; only programs delivered online" in page
    data = session_form(ids["room"], online_link="https://x.example.org/")
    assert client.post(url, data=data).status_code == 302


def test_double_booking_is_refused_naming_the_clash(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    with clean_app.app_context():  # Job search workshop, 3 March 2027, 14:00–16:00 Toronto
        add_occurrence(ids["other"], datetime(2027, 3, 3, 19, 0, tzinfo=UTC), venue_id=ids["room"])
        db.session.commit()
    url = f"/programs/{ids['program']}/occurrences/new"
    data = session_form(ids["room"], starts_at="2027-03-03T15:30", ends_at="2027-03-03T17:00")
    page = plain(client.post(url, data=data).get_data(as_text=True))
    assert "Riverside Room is booked 2:00 PM–4:00 PM on March 3 by “Job search workshop”." in page
    assert 'value="2027-03-03T15:30"' in page
    # a session around it clashes too; one at another venue does not
    data.update(starts_at="2027-03-03T13:00", ends_at="2027-03-03T17:00")
    assert "is booked" in client.post(url, data=data).get_data(as_text=True)
    assert client.post(url, data={**data, "venue_id": str(ids["hall"])}).status_code == 302
    # back to back: ending when it starts, starting when it ends
    for start, end in (("12:00", "14:00"), ("16:00", "17:30")):
        data = session_form(
            ids["room"], starts_at=f"2027-03-03T{start}", ends_at=f"2027-03-03T{end}"
        )
        assert client.post(url, data=data).status_code == 302, start
    assert len(sessions(clean_app)) == 4


def test_sessions_of_cancelled_or_declined_programs_do_not_hold_the_venue(
    clean_app, client, login_as, branch
):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    with clean_app.app_context():
        for status in (Status.CANCELLED, Status.DECLINED):
            gone = make_program(None, branch, status=status, title=f"Gone {status.value}")
            add_occurrence(gone.id, datetime(2027, 3, 3, 23, 0, tzinfo=UTC), venue_id=ids["room"])
        db.session.commit()
    response = client.post(
        f"/programs/{ids['program']}/occurrences/new", data=session_form(ids["room"])
    )
    assert response.status_code == 302
    booked = query(
        clean_app,
        sa.select(Occurrence.starts_at, Occurrence.ends_at, Occurrence.venue_id).where(
            Occurrence.program_id == ids["program"]
        ),
    )  # 18:30-20:00 in Toronto, the same room as the two gone programs' sessions
    assert booked == [
        (
            datetime(2027, 3, 3, 23, 30, tzinfo=UTC),
            datetime(2027, 3, 4, 1, 0, tzinfo=UTC),
            ids["room"],
        )
    ]


def test_editing_a_session_does_not_clash_with_itself(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    client.post(f"/programs/{ids['program']}/occurrences/new", data=session_form(ids["room"]))
    occurrence_id = query(clean_app, sa.select(Occurrence.id))[0]
    url = f"/programs/{ids['program']}/occurrences/{occurrence_id}"
    data = session_form(ids["room"], ends_at="2027-03-03T21:00", version="1")
    assert client.post(url, data=data).status_code == 302
    assert sessions(clean_app)[0][1] == datetime(2027, 3, 4, 2, 0, tzinfo=UTC)


def test_more_people_expected_than_room_is_a_warning_not_a_refusal(
    clean_app, client, login_as, branch
):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    data = session_form(ids["room"], expected_attendance="35", capacity="25")
    response = client.post(
        f"/programs/{ids['program']}/occurrences/new", data=data, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Saved." in page
    assert "More people are expected (35) than there is room for (25)" in page
    assert "Over capacity" in page
    assert sessions(clean_app)[0][3:] == (25, 35)


def test_edit_conflict_keeps_what_was_typed(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    client.post(f"/programs/{ids['program']}/occurrences/new", data=session_form(ids["room"]))
    occurrence_id = query(clean_app, sa.select(Occurrence.id))[0]
    url = f"/programs/{ids['program']}/occurrences/{occurrence_id}"
    first = session_form(ids["room"], notes="First change", version="1")
    assert client.post(url, data=first).status_code == 302
    data = session_form(ids["room"], notes="My late change", version="1")
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Someone else saved a change to this while you were editing" in page
    assert "My late change" in page and 'name="version" type="hidden" value="2"' in page
    assert query(clean_app, sa.select(Occurrence.notes)) == ["First change"]


def test_only_the_owner_and_admins_edit_sessions(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    with clean_app.app_context():
        occurrence_id = add_occurrence(
            ids["program"], datetime(2027, 3, 3, 23, 0, tzinfo=UTC), venue_id=ids["room"]
        ).id
        db.session.commit()
    base = f"/programs/{ids['program']}/occurrences"
    for role in ("programmer", "frontline", "coordinator"):
        user = make_user(role)
        sign_in(client, user.username)
        assert client.get(f"{base}/new").status_code == 403, role
        assert client.post(f"{base}/new", data=session_form(ids["room"])).status_code == 403
        assert client.post(f"{base}/{occurrence_id}/delete").status_code == 403
        client.post("/logout")
    assert len(sessions(clean_app)) == 1
    sign_in(client, make_user("admin").username)
    assert delete_row(client, f"{base}/{occurrence_id}").status_code == 302
    assert sessions(clean_app) == []


def test_unknown_ids_are_not_found(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    with clean_app.app_context():
        elsewhere = add_occurrence(ids["other"], datetime(2027, 3, 3, 23, 0, tzinfo=UTC)).id
        db.session.commit()
    assert client.get("/programs/9999/occurrences/new").status_code == 404
    assert client.get(f"/programs/{ids['program']}/occurrences/9999").status_code == 404
    # a session of another program is not reachable through this one
    assert client.get(f"/programs/{ids['program']}/occurrences/{elsewhere}").status_code == 404


def test_submitting_or_scheduling_needs_a_session(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    with clean_app.app_context():
        version = db.session.get(Program, ids["program"]).version
    response = client.post(f"/programs/{ids['program']}/submit", data={"version": version})
    assert response.status_code == 422
    assert "Add at least one session (when and where)." in response.get_data(as_text=True)
    with clean_app.app_context():
        program = db.session.get(Program, ids["program"])
        assert service.occurrences_readiness(program, [], "schedule")
        assert service.occurrences_readiness(program, [object()], "schedule") == []
        assert service.occurrences_readiness(program, [], "approve") == []


def test_sessions_are_listed_in_time_order(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    url = f"/programs/{ids['program']}/occurrences/new"
    for day in ("17", "03", "10"):
        data = session_form(ids["room"], starts_at=f"2027-03-{day}T18:30")
        data["ends_at"] = f"2027-03-{day}T20:00"
        assert client.post(url, data=data).status_code == 302
    page = client.get(f"/programs/{ids['program']}").get_data(as_text=True)
    positions = [page.index(f"March {d}, 2027") for d in ("3", "10", "17")]
    assert positions == sorted(positions)


def test_two_people_booking_the_same_venue_at_once_only_one_succeeds(clean_app, branch):
    ids = setup_programs(clean_app, None, branch, status=Status.APPROVED)
    starts = datetime(2027, 3, 3, 23, 0, tzinfo=UTC)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def book(program_id):
        with clean_app.test_request_context():
            try:
                barrier.wait(timeout=10)
                begin_write(db.session)
                program = db.session.scalar(
                    locked(sa.select(Program).where(Program.id == program_id))
                )
                service.book_occurrence(
                    program,
                    None,
                    starts_at=starts,
                    ends_at=starts.replace(hour=23, minute=59),
                    venue_id=ids["room"],
                )
                time.sleep(0.3)  # widen the window between the check and the commit
                db.session.commit()
                results.append("booked")
            except ItemError as error:
                db.session.rollback()
                results.append(str(error))
            except Exception as error:  # noqa: BLE001 - reported by the assertion
                db.session.rollback()
                errors.append(error)

    threads = [threading.Thread(target=book, args=(pid,)) for pid in (ids["program"], ids["other"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 2 and results.count("booked") == 1
    assert "Riverside Room is booked" in [r for r in results if r != "booked"][0]
    assert query(clean_app, sa.select(sa.func.count(Occurrence.id))) == [1]
