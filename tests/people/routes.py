"""Expected access to the people routes."""

from tests.routes_expected import PROGRAM_EDITORS

ROUTES = {
    f"people.{kind}_{action}": (
        {"POST": PROGRAM_EDITORS}
        if action == "delete"
        else {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS}
    )
    for kind in ("partners", "presenters")
    for action in ("new", "edit", "delete")
}
