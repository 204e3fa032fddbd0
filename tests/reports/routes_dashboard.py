"""Expected access to the reports dashboard routes (annual statistics: routes_annual.py)."""

from tests.routes_expected import ANY_STAFF, REVIEWERS

ROUTES = {
    "reports.dashboard": {"GET": REVIEWERS},
    "reports.similar_programs_panel": {"GET": ANY_STAFF},
}
