"""Expected access to the reports excel routes."""

from tests.routes_expected import REVIEWERS

ROUTES = {
    "reports.export_set": {"GET": REVIEWERS, "POST": REVIEWERS},
    "reports.export_program": {"POST": REVIEWERS},
    "reports.export_selected": {"POST": REVIEWERS},
}
