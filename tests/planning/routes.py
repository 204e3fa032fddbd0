"""Expected access to the planning routes."""

from tests.routes_expected import PROGRAM_EDITORS, REVIEWERS


def _item_routes(name, addable=True):
    routes = {
        f"planning.{name}_edit": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
        f"planning.{name}_delete": {"POST": PROGRAM_EDITORS},
    }
    if addable:
        routes[f"planning.{name}_new"] = {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS}
    return routes


ROUTES = {}
for _name in ("program_target_groups", "objectives", "budget", "it_requests", "promotion"):
    ROUTES.update(_item_routes(_name))
ROUTES.update(_item_routes("collection"))
# Actual amounts are recorded on existing lines (while the planned ones are locked): no "new".
ROUTES.update(_item_routes("budget_actuals", addable=False))
ROUTES.update(
    {
        "planning.target_groups": {"GET": REVIEWERS},
        "planning.target_groups_new": {"GET": REVIEWERS, "POST": REVIEWERS},
        "planning.target_groups_edit": {"GET": REVIEWERS, "POST": REVIEWERS},
        "planning.budget_rollup": {"GET": REVIEWERS},
        "planning.it_queue": {"GET": REVIEWERS},
        "planning.it_advance": {"POST": REVIEWERS},
    }
)
