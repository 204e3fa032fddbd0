"""Occurrence rows for the route tests."""


def add_occurrence_rows(program_id, ids) -> dict:
    """Add one occurrence to the program (at ids["venues"] if present); return {kind: id}."""
    return {}
