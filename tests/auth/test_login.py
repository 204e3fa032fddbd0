"""Signing in and out, through HTTP, as a person meets it."""

import time

import sqlalchemy as sa

from program_planner.audit.models import AuditEvent
from tests.conftest import PASSWORD, audit_actions, query, sign_in


def test_login_page_shows_the_form(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in page and 'name="password"' in page
    assert 'autocomplete="current-password"' in page


def test_sign_in_then_home_shows_name_role_and_branch(client, make_user):
    user = make_user("coordinator", full_name="Chantal Côté")
    response = sign_in(client, user.username)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Welcome, Chantal Côté" in page
    assert "Coordinator" in page and "Central Library" in page


def test_username_is_case_insensitive(client, make_user):
    make_user("programmer", username="priya")
    assert sign_in(client, "  PRIYA ").status_code == 302


def test_wrong_password_keeps_username_and_says_so(client, make_user):
    user = make_user()
    response = sign_in(client, user.username, "not-the-password-at-all")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Username or password is incorrect." in page
    assert f'value="{user.username}"' in page
    assert "not-the-password-at-all" not in page


def test_unknown_user_gets_the_same_message(client, make_user):
    make_user()
    page = sign_in(client, "nobody-here", PASSWORD).get_data(as_text=True)
    assert "Username or password is incorrect." in page
    assert 'value="nobody-here"' in page


def test_inactive_user_is_told_the_account_is_deactivated(client, make_user):
    user = make_user(active=False)
    response = sign_in(client, user.username)
    assert response.status_code == 200
    assert "This account has been deactivated" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out


def test_inactive_user_with_wrong_password_learns_nothing(client, make_user):
    user = make_user(active=False)
    page = sign_in(client, user.username, "wrong-password-here").get_data(as_text=True)
    assert "Username or password is incorrect." in page
    assert "deactivated" not in page


def test_empty_fields_get_messages_at_the_fields(client):
    page = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "Enter your username." in page and "Enter your password." in page
    assert 'aria-invalid="true"' in page


def test_over_long_username_is_refused_and_kept(client):
    long_name = "a" * 200
    page = sign_in(client, long_name).get_data(as_text=True)
    assert "Field cannot be longer than 64 characters." in page
    assert long_name in page


def test_failed_and_successful_logins_are_audited_without_secrets(clean_app, client, make_user):
    user = make_user()
    sign_in(client, user.username, "a-wrong-secret-value")
    sign_in(client, "ghost", "another-secret-value")
    sign_in(client, user.username)
    assert audit_actions(clean_app)[-3:] == ["login_failed", "login_failed", "login"]
    details = query(clean_app, sa.select(AuditEvent.details))
    dumped = repr(details)
    assert "a-wrong-secret-value" not in dumped and "another-secret-value" not in dumped
    assert PASSWORD not in dumped and "ghost" not in dumped


def test_next_to_a_local_page_is_followed(client, make_user):
    user = make_user("admin")
    response = sign_in(client, user.username, next="/admin/users?q=x")
    assert response.headers["Location"] == "/admin/users?q=x"


def test_login_required_page_carries_next(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_foreign_next_is_refused(client, make_user):
    user = make_user()
    for target in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        " //evil.example",
    ]:
        client.post("/logout")
        response = sign_in(client, user.username, next=target)
        assert response.headers["Location"] == "/", target


def test_logout_ends_a_copied_session_cookie(clean_app, client, make_user):
    user = make_user()
    sign_in(client, user.username)
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    thief = clean_app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_needs_post(client, login_as):
    login_as()
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200  # still signed in


def test_deactivation_ends_existing_sessions(clean_app, client, make_user):
    admin = make_user("admin")
    victim = make_user("programmer")
    victim_client = clean_app.test_client()
    sign_in(victim_client, victim.username)
    assert victim_client.get("/").status_code == 200
    sign_in(client, admin.username)
    client.post(f"/admin/users/{victim.id}/deactivate")
    response = victim_client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_too_many_attempts_are_refused_for_a_while_not_forever(
    clean_app, client, make_user, monkeypatch
):
    monkeypatch.setitem(clean_app.config, "RATELIMIT_LOGIN_PER_ACCOUNT", "3 per 2 seconds")
    user = make_user()
    for _ in range(3):
        assert sign_in(client, user.username, "wrong-password-again").status_code == 200
    response = sign_in(client, user.username)  # even the right password waits
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many sign-in attempts" in page and f'value="{user.username}"' in page
    time.sleep(2.1)
    assert sign_in(client, user.username).status_code == 302


def test_successful_logins_do_not_use_up_the_allowance(clean_app, client, make_user, monkeypatch):
    monkeypatch.setitem(clean_app.config, "RATELIMIT_LOGIN_PER_ACCOUNT", "2 per minute")
    user = make_user()
    for _ in range(4):
        assert sign_in(client, user.username).status_code == 302
        client.post("/logout")


def test_signed_in_user_visiting_login_goes_home(client, login_as):
    login_as()
    assert client.get("/login").headers["Location"] == "/"
