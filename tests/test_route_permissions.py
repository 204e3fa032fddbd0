"""Every route, for anonymous visitors and every role: generated from app.url_map.

A new route without an entry in its area's table (tests/<area>/routes.py) fails this suite:
decide who may use it first.
"""

import pytest

from tests.community.routes import ROUTES as COMMUNITY_ROUTES
from tests.conftest import ROLES
from tests.evaluation.routes_builder import ROUTES as EVAL_BUILDER_ROUTES
from tests.evaluation.routes_copy import ROUTES as EVAL_COPY_ROUTES
from tests.evaluation.routes_debriefs import ROUTES as EVAL_DEBRIEF_ROUTES
from tests.evaluation.routes_frontline import ROUTES as EVAL_FRONTLINE_ROUTES
from tests.evaluation.routes_imports import ROUTES as EVAL_IMPORT_ROUTES
from tests.evaluation.routes_public import ROUTES as EVAL_PUBLIC_ROUTES
from tests.factories import make_samples
from tests.jobs.routes import ROUTES as JOB_ROUTES
from tests.mail.routes import ROUTES as MAIL_ROUTES
from tests.notifications.routes import ROUTES as NOTIFICATION_ROUTES
from tests.occurrences.routes import ROUTES as OCCURRENCE_ROUTES
from tests.people.routes import ROUTES as PEOPLE_ROUTES
from tests.planning.routes import ROUTES as PLANNING_ROUTES
from tests.programs.routes import ROUTES as PROGRAM_ROUTES
from tests.reports.routes_annual import ROUTES as REPORT_ANNUAL_ROUTES
from tests.reports.routes_dashboard import ROUTES as REPORT_DASHBOARD_ROUTES
from tests.reports.routes_excel import ROUTES as REPORT_EXCEL_ROUTES
from tests.reports.routes_impact import ROUTES as REPORT_IMPACT_ROUTES
from tests.reports.routes_report import ROUTES as REPORT_PAGE_ROUTES
from tests.routes_expected import ADMIN_ONLY, ANON, ANY_STAFF, EVERYONE, LOGIN, OK
from tests.venues.routes import ROUTES as VENUE_ROUTES

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
    "admin.user_erase": {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
    "admin.audit_log": {"GET": ADMIN_ONLY},
    "admin.audit_log_csv": {"GET": ADMIN_ONLY},
    **PROGRAM_ROUTES,
    **PLANNING_ROUTES,
    **VENUE_ROUTES,
    **PEOPLE_ROUTES,
    **COMMUNITY_ROUTES,
    **OCCURRENCE_ROUTES,
    **EVAL_BUILDER_ROUTES,
    **EVAL_COPY_ROUTES,
    **EVAL_PUBLIC_ROUTES,
    **EVAL_FRONTLINE_ROUTES,
    **EVAL_DEBRIEF_ROUTES,
    **EVAL_IMPORT_ROUTES,
    **REPORT_PAGE_ROUTES,
    **REPORT_DASHBOARD_ROUTES,
    **REPORT_ANNUAL_ROUTES,
    **REPORT_EXCEL_ROUTES,
    **REPORT_IMPACT_ROUTES,
    **MAIL_ROUTES,
    **JOB_ROUTES,
    **NOTIFICATION_ROUTES,
}
PUBLIC_FILES = {"static", "bootstrap.static"}
SAMPLE_ACTIONS = {"action": "submit"}


def app_routes(app):
    """Yield (endpoint, method, rule) for every route, deletions and state changes last."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_FILES:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, rule))
    return sorted(routes, key=lambda r: (r[1] == "POST", "delete" in r[0], "set_active" in r[0]))


def test_every_route_has_an_expected_entry(app):
    missing = sorted(
        f"{endpoint} {method}"
        for endpoint, method, _rule in app_routes(app)
        if method not in EXPECTED.get(endpoint, {})
    )
    assert not missing, f"routes without a permission expectation: {missing}"


def build_url(rule, sample_ids):
    """Fill a rule's arguments with ids of rows that exist (item ids by the route's kind)."""
    kind = rule.endpoint.split(".")[-1].removesuffix("_edit").removesuffix("_delete")
    kind = kind.removesuffix("_new")
    values = {}
    for arg in rule.arguments:
        if arg == "action":
            values[arg] = "deactivate" if rule.endpoint.startswith("admin.") else "submit"
        elif arg in ("item_id", "entry_id"):
            values[arg] = sample_ids[kind]
        else:
            values[arg] = sample_ids[arg]
    return rule.build(values, append_unknown=False)[1]


@pytest.mark.parametrize("role", [ANON, *ROLES])
def test_route_access_by_role(clean_app, client, make_user, branch, role):
    target = make_user("frontline")
    make_user("admin")  # so a second admin exists
    if role != ANON:
        user = make_user(role)
        client.post("/login", data={"username": user.username, "password": user.password})
    owner = user if role == "programmer" else make_user("programmer")
    sample_ids = make_samples(clean_app, owner.id, branch)
    sample_ids.update({"user_id": target.id, "branch_id": branch})
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
            allowed = (200, 302, 400, 422) if endpoint == "main.set_language" else (200, 302, 422)
            good = status in allowed and not location.startswith("/login")
        else:
            good = status == expected
        if not good:
            failures.append(f"{method} {url}: {status} {location} (expected {expected})")
    assert not failures, failures
