"""Rows of annual statistics for the route tests: a recording of the sample program."""

from datetime import date

from program_planner.extensions import db
from program_planner.reports.annual.models import Recording


def add_rows(program_id, ids) -> dict:
    """Add a recording of the program; return its id keyed by URL kind name."""
    recording = Recording(program_id=program_id, title="Talk", posted_on=date(2027, 3, 1))
    db.session.add(recording)
    db.session.flush()
    return {"recordings": recording.id}
