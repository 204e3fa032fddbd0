"""Venues: branch rooms and off-site community venues, with capacity and accessibility."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.auth.models import Branch
from program_planner.db import Choice, TimestampMixin, VersionedMixin, enum_column
from program_planner.extensions import db


class VenueKind(Choice):
    """A room in one of our branches, or a place in the community."""

    BRANCH_ROOM = "branch_room"
    COMMUNITY = "community"


VenueKind.LABELS = {
    VenueKind.BRANCH_ROOM: _l("Branch room"),
    VenueKind.COMMUNITY: _l("Community venue (off-site)"),
}


class Accessibility(Choice):
    """An accessibility feature of a venue."""

    STEP_FREE = "step_free"
    ELEVATOR = "elevator"
    ACCESSIBLE_WASHROOM = "accessible_washroom"
    HEARING_LOOP = "hearing_loop"
    ACCESSIBLE_PARKING = "accessible_parking"
    TRANSIT_NEARBY = "transit_nearby"
    QUIET_SPACE = "quiet_space"


Accessibility.LABELS = {
    Accessibility.STEP_FREE: _l("Step-free entrance"),
    Accessibility.ELEVATOR: _l("Elevator"),
    Accessibility.ACCESSIBLE_WASHROOM: _l("Accessible washroom"),
    Accessibility.HEARING_LOOP: _l("Hearing loop"),
    Accessibility.ACCESSIBLE_PARKING: _l("Accessible parking"),
    Accessibility.TRANSIT_NEARBY: _l("Public transit nearby"),
    Accessibility.QUIET_SPACE: _l("Quiet space"),
}


class Venue(TimestampMixin, VersionedMixin, db.Model):
    """A place where sessions happen; one session at a time."""

    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[VenueKind] = enum_column(VenueKind)
    branch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("branches.id"), index=True)
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    capacity: Mapped[int] = mapped_column()
    accessibility: Mapped[list] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.String(500), default="")
    active: Mapped[bool] = mapped_column(default=True)

    branch: Mapped[Branch | None] = relationship()

    def __str__(self):
        return self.name
