"""Expected access to the reports report routes."""

from tests.routes_expected import ANON, DENIED, LOGIN, OK, REVIEWERS

# The sample program is owned by the programmer under test: its owner and reviewers read it.
OWNER_AND_REVIEWERS = {
    ANON: LOGIN,
    "programmer": OK,
    "frontline": DENIED,
    "coordinator": OK,
    "admin": OK,
}

ROUTES = {
    "reports.program_report": {"GET": OWNER_AND_REVIEWERS},
    "reports.assess_objective": {"POST": REVIEWERS},
}
