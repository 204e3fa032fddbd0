"""The coordinator's written assessment beside a computed verdict, through HTTP."""

import re

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.programs.models import Status
from program_planner.reports.models import ObjectiveAssessment
from tests.conftest import audit_actions, query
from tests.factories import add_objective, make_ready_program


def assessment_post(objective_id, version, text, prefix_id=None):
    """Return what the report page posts for one objective: its fields prefixed a<id>-."""
    prefix = f"a{objective_id if prefix_id is None else prefix_id}-"
    return {
        f"{prefix}objective_id": objective_id,
        f"{prefix}version": version,
        f"{prefix}text": text,
    }


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
        data=assessment_post(oid, "0", "Met in practice: see the debriefs.\x07"),
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
    first = assessment_post(oid, "0", "First view.")
    assert client.post(url, data=first).status_code == 302
    stale = assessment_post(oid, "0", "My different view <b>here</b>.")
    response = client.post(url, data=stale)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Someone saved an assessment of this objective" in html
    assert "My different view &lt;b&gt;here&lt;/b&gt;." in html  # kept, escaped
    assert "First view." in html  # theirs shown
    assert query(clean_app, sa.select(ObjectiveAssessment.text)) == ["First view."]
    again = {**stale, f"a{oid}-version": "1"}
    assert client.post(url, data=again).status_code == 302
    assert query(clean_app, sa.select(ObjectiveAssessment.text)) == [
        "My different view <b>here</b>."
    ]


def test_bad_assessments_are_refused(clean_app, client, login_as, make_user, branch):
    coordinator = login_as("coordinator")
    pid, oid = setup_program(clean_app, coordinator.id, branch)
    other_pid, other_oid = setup_program(clean_app, coordinator.id, branch)
    url = f"/programs/{pid}/report/assessment"
    long_text = assessment_post(oid, "0", "x" * 5001)
    response = client.post(url, data=long_text)
    assert response.status_code == 422 and "x" * 5001 in response.get_data(as_text=True)
    wrong = assessment_post(other_oid, "0", "Not this program's.")
    response = client.post(url, data=wrong)
    assert response.status_code == 422
    assert "Choose an objective of this program" in response.get_data(as_text=True)
    assert client.post(url, data={"objective_id": "abc"}).status_code == 422
    assert client.post(url, data={f"a{oid}-objective_id": "abc"}).status_code == 422
    mismatched = assessment_post(oid, "0", "Under another prefix.", prefix_id=other_oid)
    assert client.post(url, data=mismatched).status_code == 422
    assert query(clean_app, sa.select(ObjectiveAssessment.id)) == []


def test_programmers_cannot_assess_even_their_own_program(clean_app, client, login_as, branch):
    programmer = login_as("programmer")
    pid, oid = setup_program(clean_app, programmer.id, branch)
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    assert "Save assessment" not in html
    response = client.post(
        f"/programs/{pid}/report/assessment",
        data=assessment_post(oid, "0", "Mine."),
    )
    assert response.status_code == 403
    assert query(clean_app, sa.select(ObjectiveAssessment.id)) == []


def form_fields(html: str, prefix: str) -> dict:
    """Return the inputs of the assessment forms named with prefix, as a browser posts them."""
    fields = {}
    for form in re.findall(r'<form [^>]*class="assessment-form"[^>]*>(.*?)</form>', html, re.S):
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", form):
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name and name.group(1).startswith(prefix):
                fields[name.group(1)] = value.group(1) if value else ""
    return fields


def test_the_form_the_report_page_shows_saves_with_csrf_on(
    clean_app, client, login_as, branch, monkeypatch
):
    coordinator = login_as("coordinator")
    pid, oid = setup_program(clean_app, coordinator.id, branch)
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    fields = form_fields(html, f"a{oid}-")
    assert set(fields) == {f"a{oid}-{n}" for n in ("csrf_token", "objective_id", "version", "text")}
    fields[f"a{oid}-text"] = "Typed on the report page."
    response = client.post(f"/programs/{pid}/report/assessment", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert query(clean_app, sa.select(ObjectiveAssessment.text)) == ["Typed on the report page."]
    html = client.get(f"/programs/{pid}/report").get_data(as_text=True)
    assert "Typed on the report page." in html
    fields = form_fields(html, f"a{oid}-")
    assert fields[f"a{oid}-version"] == "1"
