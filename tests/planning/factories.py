"""Planning rows for the route tests."""

from tests.factories import add_objective


def add_planning_rows(program_id) -> dict:
    """Add one row of each planning kind to the program; return {kind name: id}."""
    return {"objectives": add_objective(program_id).id}
