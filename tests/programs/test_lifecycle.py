"""The program lifecycle through HTTP: every transition, legal and illegal, by role."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.extensions import db
from program_planner.programs.lifecycle import TRANSITIONS
from program_planner.programs.models import Program, Status, StatusChange
from tests.conftest import query, sign_in
from tests.factories import make_program, make_ready_program

S = Status


def ready(app, owner_id, branch, status=S.DRAFT, starts_at=None):
    with app.app_context():
        program = make_ready_program(owner_id, branch, status=status, starts_at=starts_at)
        db.session.commit()
        return program.id


def act(client, pid, action, comment="", version=None, app=None):
    if version is None:
        version = query(app, sa.select(Program.version).where(Program.id == pid))[0]
    return client.post(
        f"/programs/{pid}/{action}", data={"comment": comment, "version": str(version)}
    )


def status_of(app, pid):
    return query(app, sa.select(Program.status).where(Program.id == pid))[0]


# (action, from status, role allowed (as owner "owner"), target)
LEGAL = [
    ("submit", S.DRAFT, "owner", S.SUBMITTED),
    ("submit", S.RETURNED, "owner", S.SUBMITTED),
    ("approve", S.SUBMITTED, "coordinator", S.APPROVED),
    ("return", S.SUBMITTED, "coordinator", S.RETURNED),
    ("decline", S.SUBMITTED, "admin", S.DECLINED),
    ("schedule", S.APPROVED, "owner", S.SCHEDULED),
    ("deliver", S.SCHEDULED, "owner", S.DELIVERED),
    ("evaluate", S.DELIVERED, "coordinator", S.EVALUATED),
    ("close", S.EVALUATED, "coordinator", S.CLOSED),
    ("cancel", S.APPROVED, "owner", S.CANCELLED),
    ("cancel", S.DRAFT, "coordinator", S.CANCELLED),
]


@pytest.mark.parametrize(("action", "source", "who", "target"), LEGAL)
def test_legal_transitions(clean_app, client, make_user, branch, action, source, who, target):
    owner = make_user("programmer")
    past = datetime(2026, 1, 6, 18, 0, tzinfo=UTC) if action == "deliver" else None
    pid = ready(clean_app, owner.id, branch, status=source, starts_at=past)
    actor = owner if who == "owner" else make_user(who)
    sign_in(client, actor.username)
    response = act(client, pid, action, comment="Looks good, thank you.", app=clean_app)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert status_of(clean_app, pid) == target
    change = query(clean_app, sa.select(StatusChange).order_by(StatusChange.id.desc()))[0]
    assert (change.from_status, change.to_status, change.actor_id) == (source, target, actor.id)
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert "Looks good, thank you." in page
    assert f'class="badge fs-6 status-{target.value}" id="program-status"' in page


def test_every_action_from_every_wrong_state_is_refused(clean_app, client, make_user, branch):
    admin = make_user("admin")
    sign_in(client, admin.username)
    refused = 0
    for transition in TRANSITIONS:
        for source in Status:
            if source in transition.sources:
                continue
            with clean_app.app_context():
                pid = make_program(admin.id, branch, status=source).id
                db.session.commit()
            response = act(client, pid, transition.action, comment="why", app=clean_app)
            assert response.status_code == 422, (transition.action, source)
            assert "cannot be" in response.get_data(as_text=True)
            assert status_of(clean_app, pid) == source
            refused += 1
    assert refused == sum(len(Status) - len(t.sources) for t in TRANSITIONS)


@pytest.mark.parametrize(
    ("action", "source", "role"),
    [
        ("submit", S.DRAFT, "coordinator"),
        ("submit", S.DRAFT, "frontline"),
        ("submit", S.DRAFT, "programmer"),  # not the owner
        ("approve", S.SUBMITTED, "programmer"),
        ("approve", S.SUBMITTED, "frontline"),
        ("return", S.SUBMITTED, "programmer"),
        ("decline", S.SUBMITTED, "frontline"),
        ("close", S.EVALUATED, "programmer"),
        ("schedule", S.APPROVED, "frontline"),
        ("cancel", S.APPROVED, "frontline"),
    ],
)
def test_wrong_role_is_forbidden(clean_app, client, make_user, branch, action, source, role):
    owner = make_user("programmer")
    pid = ready(clean_app, owner.id, branch, status=source)
    sign_in(client, make_user(role).username)
    assert act(client, pid, action, comment="x", app=clean_app).status_code == 403
    assert status_of(clean_app, pid) == source


def test_owner_cannot_approve_their_own_program(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    pid = ready(clean_app, owner.id, branch, status=S.SUBMITTED)
    sign_in(client, owner.username)
    assert act(client, pid, "approve", app=clean_app).status_code == 403


def test_return_and_decline_need_a_comment_and_keep_it(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    pid = ready(clean_app, owner.id, branch, status=S.SUBMITTED)
    sign_in(client, make_user("coordinator").username)
    response = act(client, pid, "return", comment="   ", app=clean_app)
    assert response.status_code == 422
    assert "Please add a comment explaining why." in response.get_data(as_text=True)
    assert status_of(clean_app, pid) == S.SUBMITTED


def test_submit_requires_a_complete_proposal(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    with clean_app.app_context():
        pid = make_program(owner.id, branch).id
        db.session.commit()
    sign_in(client, owner.username)
    page = act(client, pid, "submit", app=clean_app).get_data(as_text=True)
    assert "Add at least one objective" in page
    assert status_of(clean_app, pid) == S.DRAFT


def test_stale_page_cannot_approve_a_changed_proposal(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    pid = ready(clean_app, owner.id, branch, status=S.SUBMITTED)
    sign_in(client, make_user("coordinator").username)
    page = act(client, pid, "approve", version=0, app=clean_app).get_data(as_text=True)
    assert "The program changed since you opened the page." in page
    assert status_of(clean_app, pid) == S.SUBMITTED


def test_approval_is_audited_and_recorded(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    coordinator = make_user("coordinator")
    pid = ready(clean_app, owner.id, branch, status=S.SUBMITTED)
    sign_in(client, coordinator.username)
    act(client, pid, "approve", comment="Great fit with the plan", app=clean_app)
    event = query(clean_app, sa.select(AuditEvent).where(AuditEvent.action == "program_approve"))
    assert event[0].actor_id == coordinator.id and event[0].object_id == pid
    assert event[0].details["comment"] == "Great fit with the plan"
    program = query(clean_app, sa.select(Program).where(Program.id == pid))[0]
    assert program.approved_by_id == coordinator.id and program.approved_at is not None


def test_returned_program_shows_the_comment_and_can_be_edited_again(
    clean_app, client, make_user, branch
):
    owner = make_user("programmer")
    pid = ready(clean_app, owner.id, branch, status=S.SUBMITTED)
    sign_in(client, make_user("coordinator").username)
    act(client, pid, "return", comment="Please add the partner's role.", app=clean_app)
    client.post("/logout")
    sign_in(client, owner.username)
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert 'id="return-comment"' in page and "Please add the partner&#39;s role." in page
    assert client.get(f"/programs/{pid}/basics").status_code == 200


def test_a_program_is_not_delivered_before_its_last_session_starts(
    clean_app, client, make_user, branch
):
    owner = make_user("programmer")
    soon = datetime.now(UTC) + timedelta(days=3)
    pid = ready(clean_app, owner.id, branch, status=S.SCHEDULED, starts_at=soon)
    sign_in(client, owner.username)
    response = act(client, pid, "deliver", app=clean_app)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "has not started yet: mark the program as delivered once its last session" in page
    assert status_of(clean_app, pid) == S.SCHEDULED
