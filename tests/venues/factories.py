"""Venue rows for the tests."""

from program_planner.extensions import db
from program_planner.venues.models import Accessibility, Venue, VenueKind


def make_venue(branch_id=None, name="Riverside Room", capacity=30, **fields) -> Venue:
    """Add a venue (flushed): a room of branch_id, or a community venue when it is None."""
    venue = Venue(
        name=name,
        kind=VenueKind.BRANCH_ROOM if branch_id else VenueKind.COMMUNITY,
        branch_id=branch_id,
        address=fields.pop("address", "" if branch_id else "12 Elm Street"),
        capacity=capacity,
        accessibility=fields.pop("accessibility", [Accessibility.STEP_FREE.value]),
        **fields,
    )
    db.session.add(venue)
    db.session.flush()
    return venue


def add_venue_rows(branch_id) -> dict:
    """Add one venue; return {kind name: id}."""
    return {"venues": make_venue(branch_id).id}
