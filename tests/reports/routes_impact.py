"""Expected access to the impact report routes (PDF of a program or a fiscal year, quotes)."""

from tests.reports.routes_report import OWNER_AND_REVIEWERS
from tests.routes_expected import REVIEWERS

ROUTES = {
    "impact.program_pdf": {"GET": OWNER_AND_REVIEWERS},
    "impact.pick_comments": {"GET": OWNER_AND_REVIEWERS, "POST": OWNER_AND_REVIEWERS},
    "impact.portfolio_pdf": {"GET": REVIEWERS},
}
