"""Expected access to the reports dashboard routes (annual statistics: routes_annual.py)."""

from tests.routes_expected import REVIEWERS

ROUTES = {
    "reports.dashboard": {"GET": REVIEWERS},
}
