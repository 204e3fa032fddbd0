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
        # the program list's date filter reads sessions by start without their rows
        sa.Index("ix_occurrences_start_end_program", "starts_at", "ends_at", "program_id"),
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


class FeedCache(db.Model):
    """A rendered calendar feed, shared by every app server, valid while its version holds.

    One row per feed and language ("all:en", "branch-3:fr", "program-12:en"): a polling
    calendar is answered from here (or with a 304) instead of rendering the feed again.
    """

    __tablename__ = "feed_cache"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    version: Mapped[str] = mapped_column(sa.String(64))
    etag: Mapped[str] = mapped_column(sa.String(64))
    last_modified: Mapped[datetime] = mapped_column(UTCDateTime)
    body: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)


# The feeds' version reads the newest change of each table through these (max() of an index).
sa.Index("ix_programs_updated_at", Program.updated_at)
sa.Index("ix_occurrences_updated_at", Occurrence.updated_at)
