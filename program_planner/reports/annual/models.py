"""What annual statistics need beyond the plan: how a program counts, recordings, the profile."""

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.db import Choice, TimestampMixin, VersionedMixin, enum_column
from program_planner.extensions import db
from program_planner.programs.models import Program


class Audience(Choice):
    """The one primary audience a program is counted under."""

    ADULT = "adult"
    GENERAL = "general"
    YOUNG_ADULT = "young_adult"


Audience.LABELS = {
    Audience.ADULT: _l("Adults (19 and over)"),
    Audience.GENERAL: _l("General interest (all ages)"),
    Audience.YOUNG_ADULT: _l("Young adults (12 to 18)"),
}


class ActivityKind(Choice):
    """Whether the program is a scheduled program, or help agencies do not count as one."""

    PROGRAM = "program"
    ONE_TO_ONE = "one_to_one"
    SELF_DIRECTED = "self_directed"


ActivityKind.LABELS = {
    ActivityKind.PROGRAM: _l("A scheduled program"),
    ActivityKind.ONE_TO_ONE: _l("One-to-one help (e.g. book a librarian)"),
    ActivityKind.SELF_DIRECTED: _l("Self-directed activity (e.g. take-home kit, scavenger hunt)"),
}


class ProgramCounting(TimestampMixin, VersionedMixin, db.Model):
    """How a program counts in annual statistics; a program without a row counts as the defaults."""

    __tablename__ = "program_counting"

    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    audience: Mapped[Audience] = enum_column(Audience, default=Audience.ADULT)
    activity: Mapped[ActivityKind] = enum_column(ActivityKind, default=ActivityKind.PROGRAM)

    program: Mapped[Program] = relationship()


class Recording(TimestampMixin, VersionedMixin, db.Model):
    """A recorded presentation of a program posted for people to watch, with its early views."""

    __tablename__ = "program_recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    posted_on: Mapped[date] = mapped_column(sa.Date, index=True)
    views_30_days: Mapped[int] = mapped_column(default=0)  # views in the first 30 days

    program: Mapped[Program] = relationship()


class ReportingSettings(TimestampMixin, VersionedMixin, db.Model):
    """The library's reporting settings: one row (id 1), the profile annual statistics follow."""

    __tablename__ = "reporting_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile: Mapped[str] = mapped_column(sa.String(32), default="pls")
    # the month the library's reporting year starts in: 1 is the calendar year, 4 a fiscal year
    # from 1 April to 31 March (the PLS counts the library's fiscal year)
    year_start_month: Mapped[int] = mapped_column(default=1, server_default="1")


class AnnualCell(db.Model):
    """The sums of a local month's sessions of approved programs, by how they count: audience,
    kind of activity, place (onsite, offsite, virtual; "recording" for recordings posted that
    month) and provincial category ("" when none matches). A reporting year, calendar or fiscal,
    adds up its twelve months' cells (reports.annual.cells); refreshed with the programs' results.
    """

    __tablename__ = "annual_cells"

    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)  # the 1st of a local month
    audience: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    activity: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    place: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    category: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    sessions: Mapped[int] = mapped_column(default=0)  # sessions, or recordings
    attendance: Mapped[int] = mapped_column(default=0)  # everyone, or views in 30 days
    in_person: Mapped[int] = mapped_column(default=0)  # in the room (not for virtual sessions)
    online: Mapped[int] = mapped_column(default=0)  # online, all of a virtual session's
    breaking: Mapped[int] = mapped_column(default=0)  # sessions with online above headcount


class AnnualProgramMonth(db.Model):
    """A program's sessions (and recordings) in a local month: which months a refresh of the
    program recomputes, and the programs the report lists (excluded as one-to-one or
    self-directed, or in no provincial category)."""

    __tablename__ = "annual_program_months"
    __table_args__ = (sa.Index("ix_annual_program_months_listed_month", "listed", "month"),)

    program_id: Mapped[int] = mapped_column(primary_key=True)  # no foreign key: kept after
    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)  # a delete, until refreshed
    listed: Mapped[str | None] = mapped_column(sa.String(16))  # "excluded", "unmapped" or None
    sessions: Mapped[int] = mapped_column(default=0)
    attendance: Mapped[int] = mapped_column(default=0)
