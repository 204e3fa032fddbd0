"""The coordinator's written assessment beside a computed verdict, through HTTP."""

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.programs.models import Status
from program_planner.reports.models import ObjectiveAssessment
from tests.conftest import audit_actions, query
from tests.factories import add_objective, make_ready_program


def setup_program(app, owner_id, branch):
    with app.app_context():
        program = make_ready_program(owner_id, branch, status=Status.DELIVERED)
        objective = add_objective(program.id, "Participants know the e-resources")
        db.session.commit()
        return program.id, objective.id


def test_coordinator_saves_an_assessment_and_it_is_audited(clean_app, client, login_as, branch):
    coordinator = login_as("coordinator")
    pid, oid = setup_program(clean_app, coordinator.id, branch)
    response = client.post(
        f"/programs/{pid}/report/assessment",
        data={
            "objective_id": oid,
            "version": "0",
            "text": "Met in practice: see the debriefs.\x07",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/programs/{pid}/report#objective-{oid}")
    [(text, author, version)] = query(
        clean_app,
        sa.select(
            ObjectiveAssessment.text, ObjectiveAssessment.author_id, ObjectiveAssessment.version
        ),
    )
    assert (text, author, version) == ("Met in practice: see the debriefs.", coordinator.id, 1)
    assert "objective_assessed" in audit_actions(clean_app)
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    assert "Met in practice: see the debriefs." in html


def test_a_concurrent_save_is_refused_and_the_text_kept(clean_app, client, login_as, branch):
    coordinator = login_as("coordinator")
    pid, oid = setup_program(clean_app, coordinator.id, branch)
    url = f"/programs/{pid}/report/assessment"
    first = {"objective_id": oid, "version": "0", "text": "First view."}
    assert client.post(url, data=first).status_code == 302
    stale = {"objective_id": oid, "version": "0", "text": "My different view <b>here</b>."}
    response = client.post(url, data=stale)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Someone saved an assessment of this objective" in html
    assert "My different view &lt;b&gt;here&lt;/b&gt;." in html  # kept, escaped
    assert "First view." in html  # theirs shown
    assert query(clean_app, sa.select(ObjectiveAssessment.text)) == ["First view."]
    again = {**stale, "version": "1"}
    assert client.post(url, data=again).status_code == 302
    assert query(clean_app, sa.select(ObjectiveAssessment.text)) == [
        "My different view <b>here</b>."
    ]


def test_bad_assessments_are_refused(clean_app, client, login_as, make_user, branch):
    coordinator = login_as("coordinator")
    pid, oid = setup_program(clean_app, coordinator.id, branch)
    other_pid, other_oid = setup_program(clean_app, coordinator.id, branch)
    url = f"/programs/{pid}/report/assessment"
    long_text = {"objective_id": oid, "version": "0", "text": "x" * 5001}
    response = client.post(url, data=long_text)
    assert response.status_code == 422 and "x" * 5001 in response.get_data(as_text=True)
    wrong = {"objective_id": other_oid, "version": "0", "text": "Not this program's."}
    response = client.post(url, data=wrong)
    assert response.status_code == 422
    assert "Choose an objective of this program" in response.get_data(as_text=True)
    assert client.post(url, data={"objective_id": "abc"}).status_code == 422
    assert query(clean_app, sa.select(ObjectiveAssessment.id)) == []


def test_programmers_cannot_assess_even_their_own_program(clean_app, client, login_as, branch):
    programmer = login_as("programmer")
    pid, oid = setup_program(clean_app, programmer.id, branch)
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    assert "Save assessment" not in html
    response = client.post(
        f"/programs/{pid}/report/assessment",
        data={"objective_id": oid, "version": "0", "text": "Mine."},
    )
    assert response.status_code == 403
    assert query(clean_app, sa.select(ObjectiveAssessment.id)) == []
