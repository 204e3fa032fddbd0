"""Results kept in the database: coordinators' assessments and per-program result figures."""

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.auth.models import User
from program_planner.db import TimestampMixin, VersionedMixin
from program_planner.extensions import db


class ObjectiveAssessment(TimestampMixin, VersionedMixin, db.Model):
    """What a coordinator concluded about an objective, in words, beside the computed verdict."""

    __tablename__ = "objective_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(
        sa.ForeignKey("objectives.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship()


class ProgramResult(db.Model):
    """A program's result figures, refreshed whenever what they count changes (reports.results).

    The dashboard sums these rows instead of scanning every answer and session of the portfolio.
    """

    __tablename__ = "program_results"

    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    fiscal_year: Mapped[int | None] = mapped_column()  # at the last refresh: its cells to redo
    sessions: Mapped[int] = mapped_column(default=0)
    attendance: Mapped[int] = mapped_column(default=0)  # headcounts recorded
    first_time: Mapped[int] = mapped_column(default=0)
    actual: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))  # spent; None: not recorded
    satisfaction_n: Mapped[int] = mapped_column(default=0)  # immediate answers, 1–5
    satisfaction_total: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=0)
    satisfaction_agree: Mapped[int] = mapped_column(default=0)  # answers of 4 or 5
    responses: Mapped[int] = mapped_column(default=0)  # every kind
    debriefs: Mapped[int] = mapped_column(default=0)
    objectives_met: Mapped[int] = mapped_column(default=0)
    objectives_not_met: Mapped[int] = mapped_column(default=0)
    objectives_insufficient: Mapped[int] = mapped_column(default=0)


class PortfolioCell(db.Model):
    """The sums of a fiscal year's approved programs by one dimension: branch, program type,
    target group, or the local month or year of their sessions (reports.portfolio_cells).

    Refreshed with the results of any program of that fiscal year; the unfiltered dashboard and
    the dashboard of one fiscal year add up these few rows instead of one row per program.
    """

    __tablename__ = "portfolio_cells"

    dimension: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    programs: Mapped[int] = mapped_column(default=0)
    sessions: Mapped[int] = mapped_column(default=0)
    attendance: Mapped[int] = mapped_column(default=0)
    first_time: Mapped[int] = mapped_column(default=0)
    costed_actual: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=0)
    costed_attendance: Mapped[int] = mapped_column(default=0)
    sat_n: Mapped[int] = mapped_column(default=0)
    sat_total: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2), default=0)
    sat_agree: Mapped[int] = mapped_column(default=0)
    met: Mapped[int] = mapped_column(default=0)
    not_met: Mapped[int] = mapped_column(default=0)
    insufficient: Mapped[int] = mapped_column(default=0)
    responses: Mapped[int] = mapped_column(default=0)
    debriefs: Mapped[int] = mapped_column(default=0)
    expected_reach: Mapped[int] = mapped_column(default=0)  # target-group cells


class ResultMark(db.Model):
    """A program whose stored figures wait for a refresh, noted by the transaction that changed it.

    Writers only insert marks (cheap, never contended); reports.results.bring_up_to_date()
    recomputes the marked programs before the figures are read, and removes the marks.
    """

    __tablename__ = "result_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(index=True)  # no foreign key: deletions are marked too
