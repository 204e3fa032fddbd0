"""CSRF: every POST route refuses a missing token, and forms keep what was typed."""

import sqlalchemy as sa

from program_planner.auth.models import Branch
from tests.conftest import audit_actions, csrf_token_from, query
from tests.factories import make_samples
from tests.test_route_permissions import app_routes, build_url


def test_every_post_route_refuses_a_missing_token(
    clean_app, client, login_as, make_user, branch, monkeypatch
):
    target = make_user("frontline")
    admin = login_as("admin")
    samples = make_samples(clean_app, admin.id, branch)
    samples.update({"user_id": target.id, "branch_id": branch})
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    before = audit_actions(clean_app)
    failures = []
    for endpoint, method, rule in app_routes(clean_app):
        if method != "POST" or endpoint == "auth.login":
            continue  # sign-in is checked signed out, in test_login_without_token_...
        url = build_url(rule, samples)
        response = client.post(url, data={"name": "X", "code": "X", "lang": "fr"})
        page = response.get_data(as_text=True)
        refused = response.status_code == 400 or (
            response.status_code in (200, 422) and 'id="form-expired"' in page
        )
        if not refused:
            failures.append(f"{url}: {response.status_code}")
    assert not failures, failures
    assert audit_actions(clean_app) == before  # nothing happened
    assert client.get("/").status_code == 200  # and the admin is still signed in


def test_expired_token_on_a_form_keeps_what_was_typed(clean_app, client, login_as, monkeypatch):
    login_as("admin")
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    page = client.post(
        "/admin/branches/new",
        data={
            "csrf_token": "stale-token",
            "name": "Westside Branch",
            "code": "WES",
            "address": "77 West Ave",
        },
    ).get_data(as_text=True)
    assert "This form had expired" in page
    assert 'value="Westside Branch"' in page and 'value="77 West Ave"' in page
    assert query(clean_app, sa.select(Branch.id).where(Branch.code == "WES")) == []
    token = csrf_token_from(page)
    response = client.post(
        "/admin/branches/new",
        data={
            "csrf_token": token,
            "name": "Westside Branch",
            "code": "WES",
            "address": "77 West Ave",
        },
    )
    assert response.status_code == 302


def test_login_without_token_keeps_the_username(clean_app, client, make_user, monkeypatch):
    user = make_user()
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    page = client.post("/login", data={"username": user.username, "password": user.password})
    page = page.get_data(as_text=True)
    assert "This form had expired" in page and f'value="{user.username}"' in page
    assert client.get("/").status_code == 302  # not signed in
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"csrf_token": token, "username": user.username, "password": user.password}
    )
    assert response.status_code == 302


def test_button_without_token_gets_a_styled_explanation(
    clean_app, client, login_as, make_user, monkeypatch
):
    target = make_user("frontline")
    login_as("admin")
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    response = client.post(f"/admin/users/{target.id}/deactivate")
    assert response.status_code == 400
    assert "had expired or did not come from this site" in response.get_data(as_text=True)
