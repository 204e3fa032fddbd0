"""Venue rows for the route tests."""


def add_venue_rows(branch_id) -> dict:
    """Add one venue; return {kind name: id}."""
    return {}
