"""Who may use annual statistics: the page and files, how a program counts, recordings."""

from tests.routes_expected import ADMIN_ONLY, PROGRAM_EDITORS, REVIEWERS

ROUTES = {
    "reports.annual_statistics": {"GET": REVIEWERS},
    "reports.annual_statistics_xlsx": {"GET": REVIEWERS},
    "reports.annual_statistics_csv": {"GET": REVIEWERS},
    "reports.annual_counting": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
    "reports.recordings_new": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
    "reports.recordings_edit": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
    "reports.recordings_delete": {"POST": PROGRAM_EDITORS},
    "admin.settings": {"GET": ADMIN_ONLY, "POST": ADMIN_ONLY},
}
