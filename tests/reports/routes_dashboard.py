"""Expected access to the reports dashboard routes: the portfolio and the annual statistics."""

from tests.routes_expected import REVIEWERS

ROUTES = {
    "reports.dashboard": {"GET": REVIEWERS},
    "reports.annual_statistics": {"GET": REVIEWERS},
    "reports.annual_statistics_xlsx": {"GET": REVIEWERS},
}
