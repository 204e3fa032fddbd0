"""Expected access to the planning routes."""

from tests.routes_expected import PROGRAM_EDITORS

ROUTES = {}
ROUTES.update(
    {
        "planning.objectives_new": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
        "planning.objectives_edit": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
        "planning.objectives_delete": {"POST": PROGRAM_EDITORS},
    }
)
