"""Shared set-up of the sessions tests."""

from program_planner.extensions import db
from program_planner.programs.models import DeliveryMode, Status
from tests.factories import make_program
from tests.venues.factories import make_venue


def plain(text: str) -> str:
    """Return page text with the narrow and non-breaking spaces of formatted times as spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def setup_programs(app, owner_id, branch, *, mode=DeliveryMode.IN_BRANCH, status=Status.DRAFT):
    """Add a program of owner_id, another programmer's program, and two venues; return ids."""
    with app.app_context():
        program = make_program(owner_id, branch, status=status)
        program.delivery_mode = mode
        other = make_program(None, branch, status=Status.APPROVED, title="Job search workshop")
        room = make_venue(branch, name="Riverside Room", capacity=30)
        hall = make_venue(None, name="Eastview Centre", capacity=100)
        db.session.commit()
        return {"program": program.id, "other": other.id, "room": room.id, "hall": hall.id}


def session_form(venue_id="", **overrides):
    """A session on 3 March 2027 (Toronto time: EST, UTC-5), 18:30 to 20:00."""
    data = {
        "starts_at": "2027-03-03T18:30",
        "ends_at": "2027-03-03T20:00",
        "venue_id": str(venue_id),
        "online_link": "",
        "expected_attendance": "20",
        "capacity": "",
        "notes": "",
    }
    data.update(overrides)
    return data
