"""Session reports through HTTP: headcount, first-timers, observations, conflicts, the section."""

import sqlalchemy as sa

from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from tests.conftest import count_statements, query
from tests.evaluation.factories_frontline import (
    add_paper_response,
    make_frontline_program,
)
from tests.occurrences.factories import add_occurrence


def setup(app, owner_id, branch, sessions=1):
    with app.app_context():
        return make_frontline_program(owner_id, branch, sessions=sessions)


def report_url(ids, index=0):
    return f"/occurrences/{ids['occurrences'][index]}/report"


def reports(app):
    return query(
        app,
        sa.select(
            OccurrenceReport.occurrence_id,
            OccurrenceReport.headcount,
            OccurrenceReport.first_time_count,
            OccurrenceReport.observations,
            OccurrenceReport.recorded_by_id,
        ),
    )


def test_frontline_staff_record_a_session(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    me = login_as("frontline")
    page = client.get(report_url(ids)).get_data(as_text=True)
    assert "Session report" in page and "Headcount" in page and "First-time attendees" in page
    response = client.post(
        report_url(ids),
        data={
            "headcount": "18",
            "first_time_count": "4",
            "observations": "Lots of questions about email attachments.\x07\nProjector failed.",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/programs/{ids['program']}#attendance")
    assert reports(clean_app) == [
        (
            ids["occurrences"][0],
            18,
            4,
            "Lots of questions about email attachments.\nProjector failed.",
            me.id,
        )
    ]
    page = client.get(f"/programs/{ids['program']}").get_data(as_text=True)
    assert 'id="attendance-h">Attendance' in page
    assert "Lots of questions about email attachments." in page
    # editing shows what was saved
    page = client.get(report_url(ids)).get_data(as_text=True)
    assert 'value="18"' in page and 'value="4"' in page and "Projector failed." in page


def test_first_time_count_is_optional_and_defaults_to_zero(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("coordinator")
    assert client.post(report_url(ids), data={"headcount": "0"}).status_code == 302
    assert [r[1:3] for r in reports(clean_app)] == [(0, 0)]


def test_bad_headcounts_are_refused_with_the_input_kept(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("frontline")
    cases = [
        ({"headcount": "5", "first_time_count": "9"}, "cannot be more than the headcount (5)"),
        ({"headcount": "-3", "first_time_count": "0"}, "Enter a whole number from 0 to"),
        ({"headcount": "lots", "first_time_count": "1"}, "Enter a whole number, e.g. 25."),
        ({"headcount": "", "first_time_count": "1"}, "Enter how many people attended"),
        ({"headcount": "10", "first_time_count": "-1"}, "Enter a whole number from 0 to"),
    ]
    for data, message in cases:
        data["observations"] = "Quiet group, good questions."
        response = client.post(report_url(ids), data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, data
        assert message in page, data
        assert 'aria-invalid="true"' in page and "invalid-feedback" in page
        assert f'value="{data["headcount"]}"' in page or not data["headcount"]
        assert f'value="{data["first_time_count"]}"' in page
        assert "Quiet group, good questions." in page
    assert reports(clean_app) == []


def test_an_edit_based_on_an_older_version_is_a_conflict(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("frontline")
    client.post(report_url(ids), data={"headcount": "10", "first_time_count": "2"})
    with clean_app.app_context():
        version = db.session.scalar(sa.select(OccurrenceReport.version))
    # a colleague saves first, from the same version
    first = {"headcount": "12", "first_time_count": "3", "version": str(version)}
    assert client.post(report_url(ids), data=first).status_code == 302
    mine = {
        "headcount": "14",
        "first_time_count": "5",
        "observations": "Mine",
        "version": str(version),
    }
    response = client.post(report_url(ids), data=mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Someone else saved this session&#39;s report" in page
    assert 'value="14"' in page and 'value="5"' in page and "Mine" in page
    assert [r[1:4] for r in reports(clean_app)] == [(12, 3, "")]
    # saving again from the page shown keeps mine
    with clean_app.app_context():
        current = db.session.scalar(sa.select(OccurrenceReport.version))
    assert f'name="version" type="hidden" value="{current}"' in page
    mine["version"] = str(current)
    assert client.post(report_url(ids), data=mine).status_code == 302
    assert [r[1:4] for r in reports(clean_app)] == [(14, 5, "Mine")]


def test_a_first_save_after_someone_else_created_the_report_is_a_conflict(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    login_as("frontline")
    client.get(report_url(ids))  # the form opened while no report existed (no version)
    with clean_app.app_context():
        db.session.add(OccurrenceReport(occurrence_id=ids["occurrences"][0], headcount=9))
        db.session.commit()
    response = client.post(report_url(ids), data={"headcount": "20", "version": ""})
    assert response.status_code == 422
    assert "Someone else saved" in response.get_data(as_text=True)
    assert [r[1] for r in reports(clean_app)] == [9]


def test_who_may_record_a_session(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch)
    url = report_url(ids)
    assert client.get(url).headers["Location"].startswith("/login")
    login_as("programmer")  # not the owner
    assert client.get(url).status_code == 403
    assert client.post(url, data={"headcount": "3"}).status_code == 403
    assert reports(clean_app) == []
    assert client.get("/occurrences/999999/report").status_code == 404
    for role in ("frontline", "coordinator", "admin"):
        client.post("/logout")
        login_as(role)
        assert client.get(url).status_code == 200, role
    client.post("/logout")
    client.post("/login", data={"username": owner.username, "password": owner.password})
    assert client.post(url, data={"headcount": "7"}).status_code == 302
    assert [r[1] for r in reports(clean_app)] == [7]


def test_section_lists_sessions_with_totals_and_links_for_those_allowed(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    keyer = make_user("frontline")
    ids = setup(clean_app, owner.id, branch, sessions=3)
    with clean_app.app_context():
        first, second, third = ids["occurrences"]
        db.session.add_all(
            [
                OccurrenceReport(
                    occurrence_id=first, headcount=14, first_time_count=5, observations="Busy"
                ),
                OccurrenceReport(occurrence_id=second, headcount=11, first_time_count=2),
            ]
        )
        from program_planner.evaluation.models import Question
        from tests.evaluation.factories_frontline import T

        question = db.session.get(Question, ids["questions"][T.AGREEMENT])
        for value in (3, 4, 5):
            add_paper_response(ids["program"], first, keyer.id, question, value)
        add_paper_response(ids["program"], third, keyer.id, question, 2)
        db.session.commit()
    login_as("frontline")
    page = client.get(f"/programs/{ids['program']}").get_data(as_text=True)
    section = page.split('id="attendance"')[1].split("</section>")[0]
    totals = section.split('id="attendance-totals"')[1]
    # expected 15 + 16 + 17; headcount 14 + 11; first-timers 5 + 2; paper forms 3 + 1
    cells = [c.split("<")[0] for c in totals.split('<td class="text-end">')[1:]]
    assert cells == ["48", "25", "7", "4"]
    assert "2 of 3 sessions recorded" in totals
    row = section.split(f'id="attendance-{third}"')[1].split("</tr>")[0]
    assert "not recorded" in row and "Record headcount" in row and "Key in paper forms" in row
    assert "Edit headcount" in section.split(f'id="attendance-{first}"')[1].split("</tr>")[0]
    # another programmer sees the section without the links
    client.post("/logout")
    login_as("programmer")
    page = client.get(f"/programs/{ids['program']}").get_data(as_text=True)
    section = page.split('id="attendance"')[1].split("</section>")[0]
    assert "Busy" in section and "Record headcount" not in section
    assert "Key in paper forms" not in section


def test_section_statements_do_not_grow_with_sessions(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup(clean_app, owner.id, branch, sessions=1)
    login_as("frontline")
    url = f"/programs/{ids['program']}"
    few = count_statements(clean_app, client, url)
    with clean_app.app_context():
        from datetime import UTC, datetime, timedelta

        from program_planner.evaluation.models import Question
        from tests.evaluation.factories_frontline import T

        question = db.session.get(Question, ids["questions"][T.RATING])
        start = datetime(2027, 6, 1, 17, 0, tzinfo=UTC)
        for i in range(8):
            occurrence = add_occurrence(ids["program"], start + timedelta(days=i))
            db.session.add(OccurrenceReport(occurrence_id=occurrence.id, headcount=i))
            add_paper_response(ids["program"], occurrence.id, owner.id, question, 1 + i % 5)
        db.session.commit()
    assert count_statements(clean_app, client, url) == few
