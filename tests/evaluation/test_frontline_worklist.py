"""The frontline worklist on the home page, and nothing recorded of a session before it starts."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from program_planner.admin.service import save_branch
from program_planner.evaluation.models import OccurrenceReport, Response
from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.conftest import query
from tests.evaluation.factories_frontline import T, add_frontline_questions, add_paper_response
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence


def ago(**delta):
    return datetime.now(UTC).replace(microsecond=0) - timedelta(**delta)


def setup_worklist(app, owner_id, branch):
    """Sessions in every situation the worklist must tell apart; return their ids by name."""
    with app.app_context():
        other_branch = save_branch(
            None, None, name="Eastview", code="EAS", address="9 East St", active=True
        )
        on = make_program(owner_id, branch, status=Status.SCHEDULED, title="Email basics")
        draft = make_program(owner_id, branch, status=Status.DRAFT, title="Draft idea")
        cancelled = make_program(owner_id, branch, status=Status.CANCELLED, title="Called off")
        elsewhere = make_program(owner_id, other_branch.id, status=Status.SCHEDULED, title="East")
        question = add_frontline_questions(on.id)[T.AGREEMENT]
        ids = {
            "no_headcount_old": add_occurrence(on.id, ago(days=20)).id,
            "no_headcount_new": add_occurrence(on.id, ago(hours=5)).id,
            "forms_to_key": add_occurrence(on.id, ago(days=3)).id,
            "all_done": add_occurrence(on.id, ago(days=2)).id,
            "too_old": add_occurrence(on.id, ago(days=120)).id,
            "future": add_occurrence(on.id, ago(days=-2)).id,
            "draft": add_occurrence(draft.id, ago(days=1)).id,
            "cancelled": add_occurrence(cancelled.id, ago(days=1)).id,
            "elsewhere": add_occurrence(elsewhere.id, ago(days=1)).id,
            "program": on.id,
            "question": question.id,
        }
        for name, collected in (("forms_to_key", 5), ("all_done", 2)):
            db.session.add(
                OccurrenceReport(
                    occurrence_id=ids[name], headcount=9, paper_forms_collected=collected
                )
            )
            for value in (4, 5):
                add_paper_response(on.id, ids[name], owner_id, question, value=value)
        db.session.commit()
        return ids


def listed(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-occurrence="(\d+)"', page)]


def test_frontline_home_lists_the_sessions_still_to_report_newest_first(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup_worklist(clean_app, owner.id, branch)
    login_as("frontline")
    page = client.get("/").get_data(as_text=True)
    assert "Sessions to report" in page
    assert listed(page) == [ids["no_headcount_new"], ids["forms_to_key"], ids["no_headcount_old"]]
    assert page.count("Headcount to record") == 2
    assert "3 paper forms to key in" in page
    for name in ("no_headcount_new", "forms_to_key", "no_headcount_old"):
        assert f'href="/occurrences/{ids[name]}/report?next=/"' in page
        assert f'href="/occurrences/{ids[name]}/paper-entry"' in page
    assert "Edit headcount" in page  # the session whose forms are still to key


def test_the_worklist_empties_as_staff_report(clean_app, client, make_user, login_as, branch):
    owner = make_user("programmer")
    ids = setup_worklist(clean_app, owner.id, branch)
    login_as("frontline")
    for name in ("no_headcount_new", "no_headcount_old"):
        response = client.post(
            f"/occurrences/{ids[name]}/report?next=/",
            data={"headcount": "7", "first_time_count": "1", "paper_forms_collected": "0"},
        )
        assert response.status_code == 302 and response.headers["Location"] == "/"
    url = f"/occurrences/{ids['forms_to_key']}/paper-entry"
    for value in "12":
        data = {f"q{ids['question']}": value, "submission_key": f"key-{value}" * 4}
        assert client.post(url, data={**data, "form_language": "en"}).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert listed(page) == [ids["forms_to_key"]]
    assert "1 paper form to key in" in page
    client.post(url, data={f"q{ids['question']}": "3", "submission_key": "key-3" * 4})
    assert listed(client.get("/").get_data(as_text=True)) == []
    assert query(
        clean_app,
        sa.select(OccurrenceReport.paper_forms_collected).where(
            OccurrenceReport.occurrence_id == ids["no_headcount_new"]
        ),
    ) == [0]


@pytest.mark.parametrize("role", ["programmer", "coordinator", "admin"])
def test_other_roles_have_no_worklist(clean_app, client, make_user, login_as, branch, role):
    setup_worklist(clean_app, make_user("programmer").id, branch)
    login_as(role)
    page = client.get("/").get_data(as_text=True)
    assert "Sessions to report" not in page and 'data-occurrence="' not in page


def test_an_empty_worklist_says_so(clean_app, client, login_as):
    login_as("frontline")
    page = client.get("/").get_data(as_text=True)
    assert "Nothing to report: every past session of your branch" in page


def test_the_headcount_form_puts_the_cursor_in_the_first_field(
    clean_app, client, make_user, login_as, branch
):
    ids = setup_worklist(clean_app, make_user("programmer").id, branch)
    login_as("frontline")
    page = client.get(f"/occurrences/{ids['no_headcount_new']}/report").get_data(as_text=True)
    fields = re.findall(r"<input[^>]*>", page)
    first = next(f for f in fields if 'type="hidden"' not in f)
    assert 'name="headcount"' in first and "autofocus" in first
    assert page.count("autofocus") == 1
    assert "Paper forms collected" in page


def test_nothing_is_recorded_of_a_session_that_has_not_started(
    clean_app, client, make_user, login_as, branch
):
    owner = make_user("programmer")
    ids = setup_worklist(clean_app, owner.id, branch)
    login_as("frontline")
    url = f"/occurrences/{ids['future']}"
    page = client.get(f"{url}/report").get_data(as_text=True)
    assert "This session has not started yet" in page and 'name="headcount"' not in page
    message = re.search(r"This session has not started yet \(it starts ([^)]*)\)", page)[1]
    assert not re.search(r"\d:\d\d:\d\d", message)  # no seconds
    response = client.post(f"{url}/report", data={"headcount": "12"})
    assert response.status_code == 422
    assert "This session has not started yet" in response.get_data(as_text=True)
    page = client.get(f"{url}/paper-entry").get_data(as_text=True)
    assert "This session has not started yet" in page and 'id="rapid-entry"' not in page
    with clean_app.app_context():
        keyed_before = db.session.scalar(sa.select(sa.func.count(Response.id)))
    response = client.post(f"{url}/paper-entry", data={"submission_key": "k" * 20})
    assert response.status_code == 422
    assert (
        query(
            clean_app,
            sa.select(OccurrenceReport.id).where(OccurrenceReport.occurrence_id == ids["future"]),
        )
        == []
    )
    with clean_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Response.id))) == keyed_before
