"""The programs the dashboard's filters select, one statistics row each, and their sums.

program_stats() builds on the stored per-program results (reports.results); with a period,
sessions, attendance and first-timers are counted from the sessions inside it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import sqlalchemy as sa

from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.occurrences.service import local_day, local_midnight
from program_planner.planning.models import ProgramTargetGroup
from program_planner.programs.models import PUBLISHED_STATUSES, Program
from program_planner.reports.attainment import INSUFFICIENT, MET, NOT_MET
from program_planner.reports.cost import cost_per_attendee
from program_planner.reports.models import ProgramResult

OUTCOME_STATUSES = PUBLISHED_STATUSES
MAX_MONTHS = 36  # longer periods are broken down by year


@dataclass(frozen=True)
class Filters:
    """What the dashboard is narrowed to; None means "any"."""

    date_from: date | None = None
    date_to: date | None = None
    fiscal_year: int | None = None
    branch_id: int | None = None
    program_type: str | None = None
    target_group_id: int | None = None


@dataclass
class Figures:
    """Totals of one group (or of everything): programs, sessions, people, money, satisfaction."""

    key: object = None
    label: str = ""
    programs: int = 0
    sessions: int = 0
    attendance: int = 0
    first_time: int = 0
    costed_actual: float = 0.0
    costed_attendance: int = 0
    satisfaction_n: int = 0
    satisfaction_total: float = 0.0
    satisfaction_agree: int = 0
    verdicts: dict = field(default_factory=lambda: {MET: 0, NOT_MET: 0, INSUFFICIENT: 0})
    responses: int = 0
    debriefs: int = 0
    expected_reach: int = 0  # of target groups (portfolio cells)

    @property
    def cost_per_attendee(self) -> Decimal | None:
        """Actual spending ÷ attendance over the programs with both recorded (reports.cost)."""
        if not self.costed_attendance:
            return None
        return cost_per_attendee(self.costed_actual, self.costed_attendance)

    @property
    def satisfaction_mean(self) -> float | None:
        return self.satisfaction_total / self.satisfaction_n if self.satisfaction_n else None

    @property
    def satisfaction_share(self) -> float | None:
        return self.satisfaction_agree / self.satisfaction_n if self.satisfaction_n else None

    @property
    def objectives_met(self) -> int:
        return self.verdicts[MET]

    @property
    def objectives_judged(self) -> int:
        return self.verdicts[MET] + self.verdicts[NOT_MET]


# --- The programs the filters select ------------------------------------------------------------


def period_bounds(filters: Filters):
    """Return (start, end) as aware UTC instants of the local days chosen, either may be None."""
    start = local_midnight(filters.date_from) if filters.date_from else None
    end = local_midnight(filters.date_to + timedelta(days=1)) if filters.date_to else None
    return start, end


def in_period(column, filters: Filters):
    """Return conditions keeping column (an instant) inside the chosen local days."""
    start, end = period_bounds(filters)
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column < end)
    return conditions


def program_conditions(filters: Filters, *, target_group=True, period=True):
    """Return the conditions on Program of the filters (not the status)."""
    conditions = []
    if filters.fiscal_year is not None:
        conditions.append(Program.fiscal_year == filters.fiscal_year)
    if filters.branch_id is not None:
        conditions.append(Program.branch_id == filters.branch_id)
    if filters.program_type is not None:
        conditions.append(Program.program_type == filters.program_type)
    if target_group and filters.target_group_id is not None:
        conditions.append(
            sa.exists().where(
                ProgramTargetGroup.program_id == Program.id,
                ProgramTargetGroup.target_group_id == filters.target_group_id,
            )
        )
    if period and (filters.date_from or filters.date_to):
        conditions.append(
            sa.exists().where(
                Occurrence.program_id == Program.id,
                *in_period(Occurrence.starts_at, filters),
            )
        )
    return conditions


def _sessionsin_period(filters: Filters):
    """Return a subquery of sessions, attendance and first-timers per program in the period."""
    return (
        sa.select(
            Occurrence.program_id.label("program_id"),
            sa.func.count(Occurrence.id).label("sessions"),
            sa.func.coalesce(sa.func.sum(OccurrenceReport.headcount), 0).label("attendance"),
            sa.func.coalesce(sa.func.sum(OccurrenceReport.first_time_count), 0).label("first_time"),
        )
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(*in_period(Occurrence.starts_at, filters))
        .group_by(Occurrence.program_id)
        .subquery()
    )


def program_stats(filters: Filters, *, target_group=True, name="program_stats"):
    """Return a CTE of one row per selected program with its sessions, people, money, ratings.

    Figures come from the stored per-program results (reports.results); with a period, the
    sessions, attendance and first-timers are counted from the sessions inside it.
    """
    r = ProgramResult
    sessions, attendance, first_time = r.sessions, r.attendance, r.first_time
    stmt = sa.select(Program.id.label("program_id")).join(r, r.program_id == Program.id)
    if filters.date_from or filters.date_to:
        period = _sessionsin_period(filters)
        stmt = stmt.outerjoin(period, period.c.program_id == Program.id)
        sessions = sa.func.coalesce(period.c.sessions, 0)
        attendance = sa.func.coalesce(period.c.attendance, 0)
        first_time = sa.func.coalesce(period.c.first_time, 0)
    costed = sa.and_(r.actual.is_not(None), attendance > 0)
    return (
        stmt.add_columns(
            Program.branch_id.label("branch_id"),
            Program.program_type.label("program_type"),
            sessions.label("sessions"),
            attendance.label("attendance"),
            first_time.label("first_time"),
            sa.case((costed, r.actual), else_=0).label("costed_actual"),
            sa.case((costed, attendance), else_=0).label("costed_attendance"),
            r.satisfaction_n.label("sat_n"),
            r.satisfaction_total.label("sat_total"),
            r.satisfaction_agree.label("sat_agree"),
            r.objectives_met.label("met"),
            r.objectives_not_met.label("not_met"),
            r.objectives_insufficient.label("insufficient"),
            r.responses.label("responses"),
            r.debriefs.label("debriefs"),
        )
        .where(
            Program.status.in_(OUTCOME_STATUSES),
            *program_conditions(filters, target_group=target_group),
        )
        .cte(name)
    )


SUMMED = (
    "sessions",
    "attendance",
    "first_time",
    "costed_actual",
    "costed_attendance",
    "sat_n",
    "sat_total",
    "sat_agree",
    "met",
    "not_met",
    "insufficient",
    "responses",
    "debriefs",
)


COUNTED = (  # the Figures fields that add up across groups of distinct programs
    "programs",
    "sessions",
    "attendance",
    "first_time",
    "costed_actual",
    "costed_attendance",
    "satisfaction_n",
    "satisfaction_total",
    "satisfaction_agree",
    "responses",
    "debriefs",
)


def sums(stats):
    """Return the program count and the summed columns of a program-stats CTE."""
    return (
        sa.func.count(stats.c.program_id),
        *(sa.func.sum(stats.c[name]) for name in SUMMED),
    )


def figures_of(key, label, row) -> Figures:
    """Turn a row of sums() into Figures."""
    programs, *sums = row
    v = dict(zip(SUMMED, (value or 0 for value in sums), strict=True))
    return Figures(
        key=key,
        label=label,
        programs=int(programs or 0),
        sessions=int(v["sessions"]),
        attendance=int(v["attendance"]),
        first_time=int(v["first_time"]),
        costed_actual=float(v["costed_actual"]),
        costed_attendance=int(v["costed_attendance"]),
        satisfaction_n=int(v["sat_n"]),
        satisfaction_total=float(v["sat_total"]),
        satisfaction_agree=int(v["sat_agree"]),
        verdicts={
            MET: int(v["met"]),
            NOT_MET: int(v["not_met"]),
            INSUFFICIENT: int(v["insufficient"]),
        },
        responses=int(v["responses"]),
        debriefs=int(v["debriefs"]),
    )


# --- Sessions by period ---------------------------------------------------------------------


def buckets(first: date, last: date, unit: str | None = None):
    """Return (unit, [(label, start, end)]): the local months (or years) from first to last.

    Months when the span is at most MAX_MONTHS (or when unit says so), otherwise years.
    """
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if unit == "month" or (unit is None and months <= MAX_MONTHS):
        unit = "month"
        starts = [
            date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
            for i in range(months + 1)
        ]
    else:
        unit = "year"
        starts = [date(year, 1, 1) for year in range(first.year, last.year + 2)]
    label = "{:%Y-%m}" if unit == "month" else "{:%Y}"
    return unit, [
        (label.format(a), local_midnight(a), local_midnight(b)) for a, b in pairwise(starts)
    ]


def by_period(stats, filters: Filters, unit: str | None = None):
    """Return (unit, [Figures]) of sessions by local month (or year): programs, sessions, people."""
    inside = in_period(Occurrence.starts_at, filters)
    first, last = db.session.execute(
        sa.select(sa.func.min(Occurrence.starts_at), sa.func.max(Occurrence.starts_at))
        .join(stats, stats.c.program_id == Occurrence.program_id)
        .where(*inside)
    ).one()
    if first is None:
        return unit or "month", []
    unit, chosen = buckets(local_day(first), local_day(last), unit)
    starts = Occurrence.starts_at
    bucket = sa.case(
        *[(sa.and_(starts >= lo, starts < hi), label) for label, lo, hi in chosen], else_=None
    ).label("bucket")
    stmt = (
        sa.select(
            bucket,
            sa.func.count(sa.distinct(Occurrence.program_id)),
            sa.func.count(Occurrence.id),
            sa.func.sum(OccurrenceReport.headcount),
            sa.func.sum(OccurrenceReport.first_time_count),
        )
        .join(stats, stats.c.program_id == Occurrence.program_id)
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(*inside)
        .group_by(bucket)
    )
    found = {row[0]: row[1:] for row in db.session.execute(stmt)}
    empty = (0, 0, 0, 0)
    rows = [
        Figures(label, label, *(int(v or 0) for v in found.get(label, empty)))
        for label, _lo, _hi in chosen
    ]
    return unit, rows


# --- The whole dashboard -------------------------------------------------------------------------
