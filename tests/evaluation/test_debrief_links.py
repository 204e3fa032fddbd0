"""Presenters' debrief links: issued once and stored hashed, revoked, listed by status."""

import hashlib
import re
from datetime import timedelta

import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from program_planner.db import utcnow
from program_planner.evaluation.models import DebriefLink
from program_planner.extensions import db
from tests.conftest import audit_actions, query
from tests.evaluation.factories_debriefs import add_debrief_link
from tests.factories import add_objective, make_program
from tests.people.factories import add_presenter

TOKEN_IN_PAGE = re.compile(r"/debrief/([A-Za-z0-9_-]{40,})")


def setup_program(app, owner_id, branch, status=None):
    """A program with two objectives and a presenter; return (program_id, presenter_id)."""
    with app.app_context():
        extra = {"status": status} if status else {}
        program = make_program(owner_id, branch, **extra)
        add_objective(program.id, "Participants feel confident using email")
        add_objective(program.id, "Participants learn about library e-resources")
        presenter = add_presenter(program.id, name="Dana Fisher", organisation="Seniors Net")
        db.session.commit()
        return program.id, presenter.id


def issue(client, pid, **data):
    return client.post(
        f"/programs/{pid}/debrief-links/new", data={"days": "30", **data}, follow_redirects=True
    )


def test_owner_issues_a_link_shown_once_and_stored_only_hashed(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid, presenter_id = setup_program(clean_app, me.id, branch)
    form = client.get(f"/programs/{pid}/debrief-links/new").get_data(as_text=True)
    assert "Dana Fisher (Seniors Net)" in form and 'value="30"' in form

    response = issue(client, pid, presenter_id=str(presenter_id))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "shown only once" in page and "Send it to Dana Fisher" in page
    token = TOKEN_IN_PAGE.search(page).group(1)
    assert f'value="http://localhost/debrief/{token}"' in page

    links = query(clean_app, sa.select(DebriefLink))
    assert len(links) == 1
    link = links[0]
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (link.presenter_id, link.presenter_name, link.issued_by_id) == (
        presenter_id,
        "Dana Fisher",
        me.id,
    )
    assert abs(link.expires_at - (utcnow() + timedelta(days=30))) < timedelta(minutes=1)

    # The token is nowhere in the database: not in the link's row, not in the audit log.
    with clean_app.app_context():
        for table in ("debrief_links", "audit_events"):
            rows = db.session.execute(sa.text(f"SELECT * FROM {table}")).all()  # noqa: S608
            assert rows and token not in repr(rows)
    events = query(clean_app, sa.select(AuditEvent).where(AuditEvent.action.like("debrief%")))
    assert [(e.action, e.details, e.object_id) for e in events] == [
        ("debrief_link_issued", {"presenter": "Dana Fisher"}, link.id)
    ]
    # The program page lists the link as waiting, never with its token.
    program_page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert token not in program_page
    assert re.search(r'data-status="waiting">\s*<td>Dana Fisher</td>', program_page)


def test_a_typed_name_and_a_shorter_expiry(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    response = issue(client, pid, presenter_id="", name="Omar Haddad", days="7")
    assert response.status_code == 200 and TOKEN_IN_PAGE.search(response.get_data(as_text=True))
    link = query(clean_app, sa.select(DebriefLink))[0]
    assert (link.presenter_id, link.presenter_name) == (None, "Omar Haddad")
    assert abs(link.expires_at - (utcnow() + timedelta(days=7))) < timedelta(minutes=1)


def test_bad_input_is_refused_at_the_field_and_kept(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    response = issue(client, pid, presenter_id="", name="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="name-error"' in page and "Choose a presenter or type the person" in page

    response = issue(client, pid, name="Omar Haddad", days="91")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="days-error"' in page and "from 1 to 90" in page
    assert 'value="Omar Haddad"' in page and 'value="91"' in page
    assert query(clean_app, sa.select(DebriefLink.id)) == []
    assert "debrief_link_issued" not in audit_actions(clean_app)


def test_a_presenter_of_another_program_cannot_be_chosen(clean_app, client, login_as, branch):
    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    _other_pid, other_presenter = setup_program(clean_app, me.id, branch)
    response = issue(client, pid, presenter_id=str(other_presenter))
    assert response.status_code == 422
    assert 'id="presenter_id-error"' in response.get_data(as_text=True)
    assert query(clean_app, sa.select(DebriefLink.id)) == []


def test_who_may_issue_links_and_see_the_section(clean_app, client, make_user, branch):
    from tests.conftest import sign_in

    owner = make_user("programmer")
    pid, presenter_id = setup_program(clean_app, owner.id, branch)
    for role, allowed in (
        ("frontline", False),
        ("programmer", False),  # not the owner
        ("coordinator", True),
        ("admin", True),
    ):
        user = make_user(role)
        client.post("/logout")
        sign_in(client, user.username)
        assert client.get(f"/programs/{pid}/debrief-links/new").status_code == (
            200 if allowed else 403
        )
        response = issue(client, pid, presenter_id=str(presenter_id))
        assert response.status_code == (200 if allowed else 403), role
        program_page = client.get(f"/programs/{pid}").get_data(as_text=True)
        assert ('id="debriefs"' in program_page) is allowed, role
    assert len(query(clean_app, sa.select(DebriefLink.id))) == 2  # coordinator and admin
    client.post("/logout")
    response = client.get(f"/programs/{pid}/debrief-links/new")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_revoke_a_waiting_link(clean_app, client, login_as, make_user, branch):
    from tests.conftest import sign_in

    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    with clean_app.app_context():
        link, token = add_debrief_link(pid, name="Omar Haddad")
        used, _ = add_debrief_link(pid, name="Used Person", used_at=utcnow())
        db.session.commit()
        link_id, used_id = link.id, used.id
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert f"/debrief-links/{link_id}/revoke" in page
    assert f"/debrief-links/{used_id}/revoke" not in page  # used: nothing to revoke

    frontline = make_user("frontline")
    client.post("/logout")
    sign_in(client, frontline.username)
    assert client.post(f"/programs/{pid}/debrief-links/{link_id}/revoke").status_code == 403
    client.post("/logout")
    sign_in(client, me.username)

    response = client.post(f"/programs/{pid}/debrief-links/{link_id}/revoke")
    assert response.status_code == 302 and response.headers["Location"].endswith("#debriefs")
    revoked = query(clean_app, sa.select(DebriefLink.revoked_at).where(DebriefLink.id == link_id))
    assert revoked[0] is not None
    assert audit_actions(clean_app).count("debrief_link_revoked") == 1
    page = client.get(f"/programs/{pid}").get_data(as_text=True)
    assert re.search(r'data-status="revoked">\s*<td>Omar Haddad</td>', page)
    assert "no longer works" in page  # the flash

    client.post(f"/programs/{pid}/debrief-links/{used_id}/revoke")
    assert query(clean_app, sa.select(DebriefLink.revoked_at).where(DebriefLink.id == used_id)) == [
        None
    ]
    assert audit_actions(clean_app).count("debrief_link_revoked") == 1
    # a link of another program is not found through this one
    other_pid, _ = setup_program(clean_app, me.id, branch)
    assert client.post(f"/programs/{other_pid}/debrief-links/{link_id}/revoke").status_code == 404
    assert client.get(f"/debrief/{token}").status_code == 410
