"""Occurrence rows for the tests."""

from datetime import UTC, datetime, timedelta

from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence


def add_occurrence(program_id, starts_at, hours=2, venue_id=None, **fields) -> Occurrence:
    """Add a session (flushed) starting at the aware starts_at, lasting hours."""
    occurrence = Occurrence(
        program_id=program_id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        venue_id=venue_id,
        expected_attendance=fields.pop("expected_attendance", 12),
        capacity=fields.pop("capacity", 30),
        **fields,
    )
    db.session.add(occurrence)
    db.session.flush()
    return occurrence


def add_occurrence_rows(program_id, ids) -> dict:
    """Add one occurrence to the program (at ids["venues"] if present); return {kind: id}."""
    starts = datetime(2026, 3, 3, 19, 0, tzinfo=UTC)  # past: its report can be recorded
    return {"occurrences": add_occurrence(program_id, starts, venue_id=ids.get("venues")).id}
