"""Occurrences: the sessions of a program (called Occurrence so never confused with a session)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.db import TimestampMixin, UTCDateTime, VersionedMixin, utcnow
from program_planner.extensions import db
from program_planner.programs.models import Program
from program_planner.venues.models import Venue


class OccurrenceSeries(TimestampMixin, db.Model):
    """Sessions added together by a repeat rule ("Weekly on Tuesday, 8 times")."""

    __tablename__ = "occurrence_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    rule: Mapped[str] = mapped_column(sa.String(200), default="")


class Occurrence(TimestampMixin, VersionedMixin, db.Model):
    """One session of a program: when, where, how many expected, room for how many."""

    __tablename__ = "occurrences"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_occurrences_venue_time", "venue_id", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venues.id"))
    online_link: Mapped[str] = mapped_column(sa.String(500), default="")
    expected_attendance: Mapped[int] = mapped_column(default=0)
    capacity: Mapped[int | None] = mapped_column()
    notes: Mapped[str] = mapped_column(sa.String(500), default="")
    series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("occurrence_series.id", ondelete="SET NULL"), index=True
    )

    program: Mapped[Program] = relationship()
    venue: Mapped[Venue | None] = relationship(lazy="joined")


class RemovedOccurrence(db.Model):
    """A deleted session of a published program, kept so calendar feeds announce it cancelled."""

    __tablename__ = "removed_occurrences"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # the session's id
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venues.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column()
    removed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    program: Mapped[Program] = relationship()
    venue: Mapped[Venue | None] = relationship(lazy="joined")
