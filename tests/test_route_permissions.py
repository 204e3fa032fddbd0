"""Every route, for anonymous visitors and every role: generated from app.url_map.

A new route without an entry in EXPECTED fails this suite: decide who may use it first.
"""

import pytest

from tests.conftest import ROLES

ANON = "anonymous"
LOGIN = "login"  # redirected to the sign-in page
OK = "ok"  # served (200) or done and redirected elsewhere than sign-in
DENIED = 403

ADMIN_ONLY = {
    ANON: LOGIN,
    "programmer": DENIED,
    "frontline": DENIED,
    "coordinator": DENIED,
    "admin": OK,
}
ANY_STAFF = {ANON: LOGIN, **{role: OK for role in ROLES}}
EVERYONE = {ANON: OK, **{role: OK for role in ROLES}}

# endpoint -> {method: expectation by role}
EXPECTED = {
    "main.home": {"GET": ANY_STAFF},
    "main.set_language": {"POST": EVERYONE},
    "auth.login": {"GET": EVERYONE, "POST": EVERYONE},
    "auth.logout": {"POST": ANY_STAFF},
    "auth.change_password": {"GET": ANY_STAFF, "POST": ANY_STAFF},
    "admin.branches": {"GET": ADMIN_ONLY},
    "admin.branch_edit": {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
    "admin.users": {"GET": ADMIN_ONLY},
    "admin.user_create": {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
    "admin.user_edit": {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
    "admin.user_set_active": {"POST": ADMIN_ONLY},
    "admin.user_reset_password": {"POST": ADMIN_ONLY},
    "admin.audit_log": {"GET": ADMIN_ONLY},
}
PUBLIC_FILES = {"static", "bootstrap.static"}


def app_routes(app):
    """Yield (endpoint, method, rule) for every route the app serves."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_FILES:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, rule


def test_every_route_has_an_expected_entry(app):
    missing = sorted(
        f"{endpoint} {method}"
        for endpoint, method, _rule in app_routes(app)
        if method not in EXPECTED.get(endpoint, {})
    )
    assert not missing, f"routes without a permission expectation: {missing}"


def build_url(rule, sample_ids):
    """Fill a rule's arguments with ids of rows that exist."""
    values = {}
    for arg in rule.arguments:
        if arg == "action":
            values[arg] = "deactivate"
        else:
            values[arg] = sample_ids[arg]
    return rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize("role", [ANON, *ROLES])
def test_route_access_by_role(clean_app, client, make_user, branch, role):
    target = make_user("frontline")
    make_user("admin")  # so a second admin exists
    sample_ids = {"user_id": target.id, "branch_id": branch}
    if role != ANON:
        user = make_user(role)
        client.post("/login", data={"username": user.username, "password": user.password})
    failures = []
    for endpoint, method, rule in app_routes(clean_app):
        if endpoint == "auth.logout" and role != ANON:
            continue  # signing out here would change the role under test; see test_login
        expected = EXPECTED[endpoint][method][role]
        url = build_url(rule, sample_ids)
        response = client.open(url, method=method, data={})
        status, location = response.status_code, response.headers.get("Location", "")
        if expected == LOGIN:
            good = status == 302 and location.startswith("/login")
        elif expected == OK:
            allowed = (200, 302, 400) if endpoint == "main.set_language" else (200, 302)
            good = status in allowed and not location.startswith("/login")
        else:
            good = status == expected
        if not good:
            failures.append(f"{method} {url}: {status} {location} (expected {expected})")
    assert not failures, failures
