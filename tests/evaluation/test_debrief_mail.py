"""Presenter debrief links by email: sent on issue, shown once (PRG), re-sent in one click."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import DebriefLink
from program_planner.extensions import db
from tests.conftest import audit_actions, query
from tests.evaluation.test_debrief_links import setup_program
from tests.notifications.conftest import links_in, sending_to_smtp
from tests.occurrences.factories import add_occurrence

TOKEN = re.compile(r"/debrief/([A-Za-z0-9_-]{40,})")


@pytest.fixture
def smtp(clean_app, monkeypatch):
    """A real SMTP server the app sends to."""
    with sending_to_smtp(clean_app, monkeypatch) as inbox:
        yield inbox


def with_sessions(app, pid, *starts):
    with app.app_context():
        for start in starts:
            add_occurrence(pid, start)
        db.session.commit()


def test_a_new_link_is_mailed_to_the_presenter_on_file_and_shown_once(
    clean_app, client, login_as, branch, smtp
):
    me = login_as("programmer")
    pid, presenter = setup_program(clean_app, me.id, branch)
    with_sessions(clean_app, pid, datetime(2027, 3, 3, 23, 0, tzinfo=UTC))
    response = client.post(
        f"/programs/{pid}/debrief-links/new",
        data={"presenter_id": str(presenter), "days": "30", "language": "fr"},
    )
    [link] = query(clean_app, sa.select(DebriefLink))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programs/{pid}/debrief-links/{link.id}"

    [message] = smtp.messages
    assert smtp.envelopes[0][1] == ["dana@example.org"]
    assert message["Subject"] == "Votre bilan de « Computer basics for seniors »"
    text = smtp.parts(message)["text"]
    assert "Bonjour Dana Fisher," in text
    assert "mercredi 3 mars 2027" in text  # the session, in the library's time and French
    token = TOKEN.search(text).group(1)
    assert links_in(text) == [f"/debrief/{token}"]
    assert f'href="http://localhost/debrief/{token}"' in smtp.parts(message)["html"]
    assert (link.sent_to, link.sent_at is not None) == ("dana@example.org", True)

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"/debrief/{token}" in page and "Emailed to dana@example.org" in page
    again = client.get(response.headers["Location"]).get_data(as_text=True)  # a refresh
    assert token not in again and "shown only right after it is made" in again
    assert len(query(clean_app, sa.select(DebriefLink.id))) == 1  # no second link

    presenter_browser = clean_app.test_client()
    opened = presenter_browser.get(links_in(text)[0])
    assert opened.status_code == 302 and opened.headers["Location"] == "/debrief"
    assert "Presenter debrief" in presenter_browser.get("/debrief").get_data(as_text=True)


def test_a_typed_address_wins_and_a_bad_one_is_refused_with_everything_kept(
    clean_app, client, login_as, branch, smtp
):
    me = login_as("programmer")
    pid, _presenter = setup_program(clean_app, me.id, branch)
    data = {"presenter_id": "", "name": "Omar Haddad", "days": "14", "email": "omar@@x"}
    response = client.post(f"/programs/{pid}/debrief-links/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="email-error"' in page
    assert 'value="omar@@x"' in page and 'value="Omar Haddad"' in page
    assert query(clean_app, sa.select(DebriefLink.id)) == [] and smtp.messages == []
    data["email"] = "omar@example.org"
    assert client.post(f"/programs/{pid}/debrief-links/new", data=data).status_code == 302
    assert smtp.envelopes[0][1] == ["omar@example.org"]


def test_no_address_anywhere_the_link_is_only_shown(clean_app, client, login_as, branch, smtp):
    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    response = client.post(
        f"/programs/{pid}/debrief-links/new",
        data={"name": "Omar Haddad", "days": "14"},
        follow_redirects=True,
    )
    assert TOKEN.search(response.get_data(as_text=True)) and smtp.messages == []


def test_resending_mails_a_fresh_link_and_the_old_one_stops_working(
    clean_app, client, login_as, branch, smtp
):
    me = login_as("programmer")
    pid, presenter = setup_program(clean_app, me.id, branch)
    client.post(
        f"/programs/{pid}/debrief-links/new", data={"presenter_id": str(presenter), "days": "30"}
    )
    old = TOKEN.search(smtp.parts(smtp.messages[0])["text"]).group(1)
    link_id = query(clean_app, sa.select(DebriefLink.id))[0]
    page = client.get(f"/programs/{pid}/debrief-links/{link_id}").get_data(as_text=True)
    assert 'value="dana@example.org"' in page  # one click: the address is filled in
    response = client.post(
        f"/programs/{pid}/debrief-links/{link_id}/send",
        data={"email": "dana.fisher@example.org", "language": "en"},
        follow_redirects=True,
    )
    assert "The link sent before no longer works." in response.get_data(as_text=True)
    assert smtp.envelopes[1][1] == ["dana.fisher@example.org"]
    new = TOKEN.search(smtp.parts(smtp.messages[1])["text"]).group(1)
    assert new != old and f"/debrief/{new}" in response.get_data(as_text=True)
    assert "debrief_link_resent" in audit_actions(clean_app)
    browser = clean_app.test_client()
    assert browser.get(f"/debrief/{old}").status_code == 404
    assert browser.get(f"/debrief/{new}").status_code == 302

    client.post(f"/programs/{pid}/debrief-links/{link_id}/revoke")
    response = client.post(
        f"/programs/{pid}/debrief-links/{link_id}/send", data={"email": "dana@example.org"}
    )
    assert response.status_code == 422 and len(smtp.messages) == 2


def test_the_page_warns_when_the_link_expires_before_the_last_session(
    clean_app, client, login_as, branch
):
    me = login_as("programmer")
    pid, _ = setup_program(clean_app, me.id, branch)
    soon = datetime.now(UTC) + timedelta(days=3)
    with_sessions(clean_app, pid, soon, soon + timedelta(days=20))
    response = client.post(
        f"/programs/{pid}/debrief-links/new",
        data={"name": "Omar Haddad", "days": "7"},
        follow_redirects=True,
    )
    assert 'id="expires-too-soon"' in response.get_data(as_text=True)
    client.post(
        f"/programs/{pid}/debrief-links/new",
        data={"name": "Omar Haddad", "days": "60"},
    )
    link_id = max(query(clean_app, sa.select(DebriefLink.id)))
    page = client.get(f"/programs/{pid}/debrief-links/{link_id}").get_data(as_text=True)
    assert 'id="expires-too-soon"' not in page


def test_only_this_programs_managers_see_a_link_page(clean_app, client, make_user, branch):
    from tests.conftest import sign_in

    owner = make_user("programmer")
    pid, _ = setup_program(clean_app, owner.id, branch)
    other_pid, _ = setup_program(clean_app, owner.id, branch)
    sign_in(client, owner.username)
    client.post(f"/programs/{pid}/debrief-links/new", data={"name": "Omar", "days": "7"})
    link_id = query(clean_app, sa.select(DebriefLink.id))[0]
    assert client.get(f"/programs/{other_pid}/debrief-links/{link_id}").status_code == 404
    client.post("/logout")
    sign_in(client, make_user("frontline").username)
    assert client.get(f"/programs/{pid}/debrief-links/{link_id}").status_code == 403
