"""IT & equipment needs of a program, and the IT queue that moves them along."""

from datetime import date

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.planning.models import ITItem, ITRequest, ITStatus
from program_planner.programs.models import Status
from tests.conftest import query
from tests.editing import delete_row
from tests.factories import make_program
from tests.planning.conftest import by_id, field_error, set_status, table_rows
from tests.planning.factories import add_it_request


def requests(app, program_id=None):
    stmt = sa.select(
        ITRequest.item,
        ITRequest.quantity,
        ITRequest.needed_by,
        ITRequest.status,
        ITRequest.it_notes,
    ).order_by(ITRequest.id)
    if program_id:
        stmt = stmt.where(ITRequest.program_id == program_id)
    return query(app, stmt)


def request_data(**fields):
    return {"item": "projector", "quantity": "1", "details": "", "needed_by": "", **fields}


def test_owner_requests_equipment_which_starts_as_requested(clean_app, client, plan):
    response = client.post(
        f"/programs/{plan.id}/it_requests/new",
        data=request_data(quantity="12", needed_by="2027-03-01", status="ready"),
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#it")
    assert requests(clean_app, plan.id) == [
        (ITItem.PROJECTOR, 12, date(2027, 3, 1), ITStatus.REQUESTED, "")
    ]
    html = client.get(f"/programs/{plan.id}").get_data(as_text=True)
    assert table_rows(html, "it-table")[0][:5] == [
        "Projector & screen",
        "12",
        "",
        "Mar 1, 2027",
        "Requested",
    ]
    assert 'name="status"' not in client.get(f"/programs/{plan.id}/it_requests/new").get_data(
        as_text=True
    )


def test_bad_input_is_explained_and_kept(clean_app, client, plan):
    html = client.post(
        f"/programs/{plan.id}/it_requests/new",
        data=request_data(quantity="0", needed_by="2027-02-30", details="d" * 501),
    ).get_data(as_text=True)
    assert field_error(html, "quantity") == "Enter a whole number from 1 to 1000."
    assert field_error(html, "needed_by") == "Enter a date, e.g. 2027-03-14."
    assert "500" in field_error(html, "details")
    assert 'value="2027-02-30"' in html
    html = client.post(
        f"/programs/{plan.id}/it_requests/new", data=request_data(item="jetpack", quantity="two")
    ).get_data(as_text=True)
    assert field_error(html, "item") and field_error(html, "quantity")
    assert 'value="two"' in html
    assert requests(clean_app, plan.id) == []


def test_changing_a_confirmed_request_sends_it_back_to_it(clean_app, client, plan):
    req = plan.add(add_it_request, status=ITStatus.CONFIRMED, quantity=8)
    url = f"/programs/{plan.id}/it_requests/{req}"
    same = request_data(item="laptops", quantity="8", needed_by="2027-03-01", version="1")
    assert client.post(url, data={**same, "details": "Charged"}).status_code == 302
    assert requests(clean_app, plan.id)[0][3] == ITStatus.CONFIRMED  # details only: unchanged
    response = client.post(url, data={**same, "quantity": "10", "version": "2"})
    assert response.status_code == 302
    assert requests(clean_app, plan.id)[0][1:4] == (10, date(2027, 3, 1), ITStatus.REQUESTED)
    assert "waiting for IT again" in client.get(f"/programs/{plan.id}").get_data(as_text=True)


def test_logistics_stay_editable_until_delivered(clean_app, client, plan, login_again):
    req = plan.add(add_it_request)
    url = f"/programs/{plan.id}/it_requests/{req}"
    set_status(clean_app, plan.id, Status.SCHEDULED)
    assert client.post(url, data=request_data(quantity="3", version="1")).status_code == 302
    set_status(clean_app, plan.id, Status.EVALUATED)
    assert client.post(url, data=request_data(quantity="4", version="2")).status_code == 403
    assert client.post(f"{url}/delete").status_code == 403
    set_status(clean_app, plan.id, Status.DRAFT)
    login_again("programmer")
    assert client.post(url, data=request_data(quantity="5", version="2")).status_code == 403
    assert requests(clean_app, plan.id)[0][1] == 3


def test_edit_conflict_and_delete(clean_app, client, plan):
    req = plan.add(add_it_request)
    url = f"/programs/{plan.id}/it_requests/{req}"
    assert client.post(url, data=request_data(quantity="2", version="1")).status_code == 302
    html = client.post(url, data=request_data(quantity="7", version="1")).get_data(as_text=True)
    assert "Someone else saved a change" in html and 'value="7"' in html
    assert requests(clean_app, plan.id)[0][1] == 2
    assert delete_row(client, url).status_code == 302
    assert requests(clean_app, plan.id) == []


# --- the IT queue -----------------------------------------------------------------------------


def queue_programs(app, owner_id, branch_id):
    with app.app_context():
        active = make_program(owner_id, branch_id, title="Email basics", status=Status.APPROVED)
        gone = make_program(owner_id, branch_id, title="Cancelled talk", status=Status.CANCELLED)
        ids = {
            "later": add_it_request(active.id, item=ITItem.LAPTOPS, needed_by=date(2027, 5, 1)).id,
            "sooner": add_it_request(
                active.id, item=ITItem.PROJECTOR, needed_by=date(2027, 2, 1)
            ).id,
            "undated": add_it_request(active.id, item=ITItem.SOFTWARE, needed_by=None).id,
            "confirmed": add_it_request(
                active.id, item=ITItem.MICROPHONE, status=ITStatus.CONFIRMED
            ).id,
            "ready": add_it_request(active.id, item=ITItem.TABLETS, status=ITStatus.READY).id,
            "cancelled_program": add_it_request(gone.id, item=ITItem.HYBRID_SETUP).id,
        }
        db.session.commit()
        return ids


def test_queue_lists_open_requests_soonest_first(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    queue_programs(clean_app, owner.id, branch)
    client.post("/logout")
    login_as("coordinator")
    html = client.get("/it-requests").get_data(as_text=True)
    rows = table_rows(html, "it-queue")
    assert [r[3].removesuffix(" With Zoom installed") for r in rows] == [
        "Projector & screen",  # Feb 1
        "Microphone & speakers",  # Mar 1
        "Laptops",  # May 1
        "Software",  # no date: last
    ]
    assert rows[0][:6] == [
        "Feb 1, 2027",
        "Email basics",
        "Central Library",
        "Projector & screen With Zoom installed",
        "8",
        "Requested",
    ]
    assert "Cancelled talk" not in html and "Tablets" not in html


def test_it_moves_a_request_along_with_notes(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = queue_programs(clean_app, owner.id, branch)
    client.post("/logout")
    login_as("coordinator")
    url = f"/it-requests/{ids['sooner']}/advance"
    response = client.post(url, data={"seen_status": "requested", "it_notes": "Room 2 screen"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/it-requests")
    page = client.get("/it-requests").get_data(as_text=True)
    assert "Projector &amp; screen for “Email basics”: Confirmed." in page
    response = client.post(url, data={"seen_status": "confirmed", "it_notes": "Room 2 screen"})
    assert response.status_code == 302
    status_and_notes = query(
        clean_app,
        sa.select(ITRequest.status, ITRequest.it_notes).where(ITRequest.id == ids["sooner"]),
    )
    assert status_and_notes == [(ITStatus.READY, "Room 2 screen")]
    assert "Projector" not in by_id(client.get("/it-requests").get_data(as_text=True), "it-queue")


def test_a_request_already_moved_is_left_alone_with_a_message(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = queue_programs(clean_app, owner.id, branch)
    client.post("/logout")
    login_as("coordinator")
    url = f"/it-requests/{ids['confirmed']}/advance"
    response = client.post(url, data={"seen_status": "requested", "it_notes": "mine"})
    assert response.status_code == 302
    page = client.get("/it-requests").get_data(as_text=True)
    assert "Someone else already moved this request: it is now “Confirmed”." in page
    ready = f"/it-requests/{ids['ready']}/advance"
    client.post(ready, data={"seen_status": "ready"})
    assert "nothing left to do" in client.get("/it-requests").get_data(as_text=True)
    gone = f"/it-requests/{ids['cancelled_program']}/advance"
    client.post(gone, data={"seen_status": "requested"})
    assert "cancelled or declined" in client.get("/it-requests").get_data(as_text=True)
    assert query(
        clean_app,
        sa.select(ITRequest.status, ITRequest.it_notes)
        .where(ITRequest.id.in_([ids["confirmed"], ids["ready"], ids["cancelled_program"]]))
        .order_by(ITRequest.id),
    ) == [(ITStatus.CONFIRMED, ""), (ITStatus.READY, ""), (ITStatus.REQUESTED, "")]
    assert client.post("/it-requests/9999/advance", data={}).status_code == 404


def test_overlong_notes_are_explained_and_kept(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = queue_programs(clean_app, owner.id, branch)
    client.post("/logout")
    login_as("admin")
    notes = "n" * 501
    response = client.post(
        f"/it-requests/{ids['sooner']}/advance",
        data={"seen_status": "requested", "it_notes": notes},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "500" in field_error(html, f"it-notes-{ids['sooner']}") and notes in html
    assert requests(clean_app)[1][3] == ITStatus.REQUESTED


def test_programmers_do_not_move_requests(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = queue_programs(clean_app, owner.id, branch)
    assert client.get("/it-requests").status_code == 403
    url = f"/it-requests/{ids['sooner']}/advance"
    assert client.post(url, data={"seen_status": "requested"}).status_code == 403
    assert requests(clean_app)[1][3] == ITStatus.REQUESTED
