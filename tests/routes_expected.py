"""Who may use each route: shared vocabulary for the per-area tables (tests/<area>/routes.py)."""

ANON = "anonymous"
LOGIN = "login"  # redirected to the sign-in page
OK = "ok"  # served (200/422) or done and redirected elsewhere than sign-in
DENIED = 403
ROLE_NAMES = ("programmer", "frontline", "coordinator", "admin")

ADMIN_ONLY = {
    ANON: LOGIN,
    "programmer": DENIED,
    "frontline": DENIED,
    "coordinator": DENIED,
    "admin": OK,
}
ANY_STAFF = {ANON: LOGIN, **{role: OK for role in ROLE_NAMES}}
EVERYONE = {ANON: OK, **{role: OK for role in ROLE_NAMES}}
REVIEWERS = {ANON: LOGIN, "programmer": DENIED, "frontline": DENIED, "coordinator": OK, "admin": OK}
CREATORS = {ANON: LOGIN, "programmer": OK, "frontline": DENIED, "coordinator": OK, "admin": OK}
# The sample program is a draft owned by the programmer under test (for other roles, by
# another programmer): its owner and admins edit it; coordinators and frontline staff do not.
PROGRAM_EDITORS = {
    ANON: LOGIN,
    "programmer": OK,
    "frontline": DENIED,
    "coordinator": DENIED,
    "admin": OK,
}
