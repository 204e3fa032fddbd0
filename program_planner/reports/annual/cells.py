"""Stored annual figures: each local month's sums by how sessions count, brought up to date with
the programs' results (reports.results), so a reporting year's page adds up twelve months of a
few rows instead of every session of the year.

The same mechanism as the dashboard's portfolio cells: writers only mark the programs they
touched (results.ResultMark); before the page reads, results.bring_up_to_date() recomputes the
marked programs and, through refresh_programs(), every month those programs had or have sessions
or recordings in (annual_program_months remembers the months they had). A month is recomputed
whole from the source rows with the statements of queries.py, so stored figures equal fresh ones.

Not followed by marks: a venue changing kind (branch room / community venue) or a target group
renamed (provincial categories); `flask reports refresh-results` recomputes everything.
"""

from collections import defaultdict
from datetime import date

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.occurrences.service import local_day
from program_planner.programs.models import PUBLISHED_STATUSES, Program
from program_planner.reports.annual import queries
from program_planner.reports.annual.models import (
    ActivityKind,
    AnnualCell,
    AnnualProgramMonth,
    Recording,
)
from program_planner.reports.annual.profiles import PROVINCIAL_CATEGORIES, VIRTUAL

RECORDING = "recording"  # the place of a recording's cell
EXCLUDED, UNMAPPED = "excluded", "unmapped"
CHUNK = 500
MONTHS_CHUNK = 24  # months one set of statements recomputes (a CASE branch per month)


def month_of(day: date) -> date:
    return date(day.year, day.month, 1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _month_of(column, months, bounds):
    """Return (CASE giving the ISO month a column's value falls in, NULL outside them, the
    conditions keeping the rows of those months); bounds(month) gives a month's (lo, hi)."""
    ranges = [(month, *bounds(month)) for month in months]
    label = sa.case(
        *[(sa.and_(column >= lo, column < hi), month.isoformat()) for month, lo, hi in ranges],
        else_=None,
    )
    return label, (column >= min(r[1] for r in ranges), column < max(r[2] for r in ranges))


def _local_bounds(month):
    return queries.Period(month, next_month(month)).bounds()


def _day_bounds(month):
    return month, next_month(month)


def _sessions_of(months):
    """Return (select over the months' sessions of approved programs, their month label)."""
    label, inside = _month_of(Occurrence.starts_at, months, _local_bounds)
    period = queries.Period(min(months), next_month(max(months)))
    return queries._sessions(period).where(*inside, label.is_not(None)), label


def month_cells(months) -> list[dict]:
    """Return the cells of these local months, computed from the sessions and recordings, in
    two statements whatever the number of months."""
    months = sorted(set(months))
    if not months:
        return []
    sessions, label = _sessions_of(months)
    category = queries._category(PROVINCIAL_CATEGORIES)
    virtual = queries.PLACE == VIRTUAL
    keys = (label, queries.AUDIENCE, queries.ACTIVITY, queries.PLACE, category)
    stmt = sessions.add_columns(
        *keys,
        sa.func.count(Occurrence.id),
        sa.func.sum(queries.HEADCOUNT),
        sa.func.sum(sa.case((virtual, 0), else_=queries.IN_ROOM)),
        sa.func.sum(sa.case((virtual, queries.HEADCOUNT), else_=queries.ONLINE)),
        sa.func.sum(sa.case((sa.and_(~virtual, queries.ONLINE > queries.HEADCOUNT), 1), else_=0)),
    ).group_by(*keys)
    names = ("sessions", "attendance", "in_person", "online", "breaking")
    cells = [
        {
            "month": date.fromisoformat(month),
            "audience": str(audience),
            "activity": str(activity),
            "place": str(place),
            "category": category or "",
            **{name: int(value or 0) for name, value in zip(names, values, strict=True)},
        }
        for month, audience, activity, place, category, *values in db.session.execute(stmt)
    ]
    posted, inside = _month_of(Recording.posted_on, months, _day_bounds)
    stmt = (
        sa.select(
            posted,
            sa.func.count(Recording.id),
            sa.func.coalesce(sa.func.sum(Recording.views_30_days), 0),
        )
        .join(Program, Program.id == Recording.program_id)
        .where(Program.status.in_(PUBLISHED_STATUSES), *inside, posted.is_not(None))
        .group_by(posted)
    )
    for month, recordings, views in db.session.execute(stmt):
        cells.append(
            {
                "month": date.fromisoformat(month),
                "audience": "",
                "activity": "",
                "place": RECORDING,
                "category": "",
                "sessions": int(recordings),
                "attendance": int(views or 0),
                "in_person": 0,
                "online": 0,
                "breaking": 0,
            }
        )
    return cells


def month_programs(months) -> list[dict]:
    """Return the programs (of any status) with sessions or recordings in these local months,
    one row per program and month; those the report lists carry why, their counted sessions and
    attendance. Two statements whatever the number of months."""
    months = sorted(set(months))
    if not months:
        return []
    started, inside = _month_of(Occurrence.starts_at, months, _local_bounds)
    posted, posted_inside = _month_of(Recording.posted_on, months, _day_bounds)
    held = sa.select(Occurrence.program_id, started).where(*inside, started.is_not(None))
    recorded = sa.select(Recording.program_id, posted).where(*posted_inside, posted.is_not(None))
    rows = {}
    for pid, month in db.session.execute(sa.union(held, recorded)):
        key = (pid, date.fromisoformat(month))
        rows[key] = {"program_id": pid, "month": key[1], "listed": None}
        rows[key].update(sessions=0, attendance=0)
    sessions, label = _sessions_of(months)
    category = queries._category(PROVINCIAL_CATEGORIES)
    keys = (label, Program.id, queries.ACTIVITY, category)
    stmt = sessions.add_columns(
        *keys, sa.func.count(Occurrence.id), sa.func.sum(queries.HEADCOUNT)
    ).group_by(*keys)
    for month, pid, activity, number, sessions_, attendance in db.session.execute(stmt):
        if activity != ActivityKind.PROGRAM:
            listed = EXCLUDED
        elif number is None:
            listed = UNMAPPED
        else:
            continue
        row = rows[(pid, date.fromisoformat(month))]
        row.update(listed=listed, sessions=int(sessions_), attendance=int(attendance or 0))
    return list(rows.values())


def refresh_months(months) -> None:
    """Recompute the cells and program rows of these local months in this transaction (a
    fixed number of statements per chunk of months)."""
    months = sorted(set(months))
    for start in range(0, len(months), MONTHS_CHUNK):
        chunk = months[start : start + MONTHS_CHUNK]
        db.session.execute(sa.delete(AnnualCell).where(AnnualCell.month.in_(chunk)))
        db.session.execute(sa.delete(AnnualProgramMonth).where(AnnualProgramMonth.month.in_(chunk)))
        cells = month_cells(chunk)
        if cells:
            db.session.execute(sa.insert(AnnualCell), cells)
        programs = month_programs(chunk)
        if programs:
            db.session.execute(sa.insert(AnnualProgramMonth), programs)


def _current_months(ids) -> set:
    """Return the local months the programs have sessions or recordings in."""
    starts = sa.select(Occurrence.starts_at).where(Occurrence.program_id.in_(ids))
    months = {month_of(local_day(start)) for start in db.session.scalars(starts)}
    posted = sa.select(Recording.posted_on).where(Recording.program_id.in_(ids)).distinct()
    months.update(month_of(day) for day in db.session.scalars(posted))
    return months


def refresh_programs(program_ids) -> None:
    """Recompute every month these programs had or have sessions or recordings in."""
    ids = sorted(set(program_ids))
    months = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stmt = sa.select(AnnualProgramMonth.month).where(AnnualProgramMonth.program_id.in_(chunk))
        months.update(db.session.scalars(stmt.distinct()))
        months.update(_current_months(chunk))
    refresh_months(months)


def refresh_everything() -> None:
    """Recompute every month from the first session or recording to the last."""
    db.session.execute(sa.delete(AnnualCell))
    db.session.execute(sa.delete(AnnualProgramMonth))
    first, last = db.session.execute(
        sa.select(sa.func.min(Occurrence.starts_at), sa.func.max(Occurrence.starts_at))
    ).one()
    posted = db.session.execute(
        sa.select(sa.func.min(Recording.posted_on), sa.func.max(Recording.posted_on))
    ).one()
    days = [local_day(t) for t in (first, last) if t is not None]
    days += [d for d in posted if d is not None]
    if not days:
        return
    month, last_month = month_of(min(days)), month_of(max(days))
    months = []
    while month <= last_month:
        months.append(month)
        month = next_month(month)
    refresh_months(months)


# --- Reading a period ---------------------------------------------------------------------------


class Stored:
    """A period's figures from the stored cells, with the questions queries.py answers fresh."""

    def __init__(self, period: queries.Period):
        self.period = period
        c = AnnualCell
        names = ("sessions", "attendance", "in_person", "online", "breaking")
        stmt = (
            sa.select(
                c.audience,
                c.activity,
                c.place,
                c.category,
                *[sa.func.sum(getattr(c, n)) for n in names],
            )
            .where(c.month >= period.start, c.month < period.end)
            .group_by(c.audience, c.activity, c.place, c.category)
        )
        self.cells = [
            (a, k, p, cat, *[int(v or 0) for v in values])
            for a, k, p, cat, *values in db.session.execute(stmt)
        ]

    def _counted(self):
        return [row for row in self.cells if row[2] != RECORDING and row[1] == ActivityKind.PROGRAM]

    def by_audience(self) -> dict:
        out = defaultdict(lambda: [0, 0])
        for audience, _k, _p, _c, sessions, attendance, *_rest in self._counted():
            out[audience][0] += sessions
            out[audience][1] += attendance
        return {a: tuple(v) for a, v in out.items()}

    def by_place(self) -> dict:
        out = defaultdict(lambda: [0, 0, 0])
        for _a, _k, place, _c, sessions, _h, in_person, online, _b in self._counted():
            out[place][0] += sessions
            out[place][1] += in_person
            out[place][2] += online
        return {p: tuple(v) for p, v in out.items()}

    def breaking(self) -> int:
        return sum(row[-1] for row in self._counted())

    def recordings(self) -> tuple[int, int]:
        rows = [row for row in self.cells if row[2] == RECORDING]
        return sum(r[4] for r in rows), sum(r[5] for r in rows)

    def by_category(self, _categories) -> dict:
        out = defaultdict(lambda: [0, 0])
        for _a, _k, _p, category, sessions, attendance, *_rest in self._counted():
            out[category or None][0] += sessions
            out[category or None][1] += attendance
        return {c: tuple(v) for c, v in out.items()}

    def _listed(self, kind, *columns):
        m = AnnualProgramMonth
        stmt = (
            sa.select(Program.id, Program.title, *columns, sa.func.sum(m.sessions))
            .join(Program, Program.id == m.program_id)
            .where(m.listed == kind, m.month >= self.period.start, m.month < self.period.end)
            .where(Program.status.in_(PUBLISHED_STATUSES))
            .group_by(Program.id, Program.title, *columns)
            .order_by(Program.title, Program.id)
        )
        return stmt

    def excluded(self) -> list:
        from program_planner.reports.annual.models import ProgramCounting

        stmt = self._listed(EXCLUDED, ProgramCounting.activity).join(
            ProgramCounting, ProgramCounting.program_id == Program.id
        )
        return db.session.execute(stmt).all()

    def unmapped(self, _categories) -> list:
        stmt = self._listed(UNMAPPED, Program.program_type).add_columns(
            sa.func.sum(AnnualProgramMonth.attendance)
        )
        return db.session.execute(stmt).all()
