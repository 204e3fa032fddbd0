"""A period's figures, straight from the database: each function is one grouped statement.

A session counts in the period its start falls in (library time); only approved programs count
(not drafts, proposals under review, declined or cancelled programs). A period is a reporting
year (calendar or fiscal, see Period) or, for the stored cells, one month.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from program_planner.evaluation.models import OccurrenceReport
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.occurrences.service import local_day, local_midnight
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import PUBLISHED_STATUSES, DeliveryMode, Program
from program_planner.reports.annual.models import (
    ActivityKind,
    Audience,
    ProgramCounting,
    Recording,
)
from program_planner.reports.annual.profiles import OFFSITE, ONSITE, VIRTUAL
from program_planner.venues.models import Venue, VenueKind

BREAKING_LIMIT = 50  # sessions named under a failing cross-check

AUDIENCE = sa.func.coalesce(ProgramCounting.audience, Audience.ADULT)
ACTIVITY = sa.func.coalesce(ProgramCounting.activity, ActivityKind.PROGRAM)
HEADCOUNT = sa.func.coalesce(OccurrenceReport.headcount, 0)
ONLINE = sa.func.coalesce(OccurrenceReport.online_headcount, 0)
# where a session happened: online programs live virtual; otherwise the venue (a branch room is
# on site, a community venue off site), or without a venue the program's delivery mode
PLACE = sa.case(
    (Program.delivery_mode == DeliveryMode.ONLINE, VIRTUAL),
    (Venue.kind == VenueKind.COMMUNITY, OFFSITE),
    (Venue.kind == VenueKind.BRANCH_ROOM, ONSITE),
    (Program.delivery_mode.in_([DeliveryMode.OFF_SITE, DeliveryMode.HOMEBOUND]), OFFSITE),
    else_=ONSITE,
)
# a hybrid session's people in the room, and online (never below zero)
IN_ROOM = sa.case((HEADCOUNT >= ONLINE, HEADCOUNT - ONLINE), else_=0)


@dataclass(frozen=True)
class Period:
    """Local days from start up to end (excluded): a reporting year, or a month."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int, start_month: int = 1) -> "Period":
        """Return the reporting year that starts on the 1st of start_month of that year."""
        return cls(date(year, start_month, 1), date(year + 1, start_month, 1))

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    def bounds(self):
        """Return the start of the first local day and of the day after, as aware UTC."""
        return local_midnight(self.start), local_midnight(self.end)


def _sessions(period: Period):
    """Return a select over the period's sessions of approved programs, with their reports and
    how they count."""
    start, end = period.bounds()
    return (
        sa.select()
        .select_from(Occurrence)
        .join(Program, Program.id == Occurrence.program_id)
        .outerjoin(Venue, Venue.id == Occurrence.venue_id)
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .outerjoin(ProgramCounting, ProgramCounting.program_id == Program.id)
        .where(
            Program.status.in_(PUBLISHED_STATUSES),
            Occurrence.starts_at >= start,
            Occurrence.starts_at < end,
        )
    )


def _counted(period: Period):
    """Return the period's sessions that count as programs (not one-to-one or self-directed
    help)."""
    return _sessions(period).where(ACTIVITY == ActivityKind.PROGRAM)


def by_audience(period: Period) -> dict:
    """Return {audience: (sessions, attendance)}; attendance is everyone, in the room and online."""
    stmt = (
        _counted(period)
        .add_columns(AUDIENCE.label("a"), sa.func.count(Occurrence.id), sa.func.sum(HEADCOUNT))
        .group_by(AUDIENCE)
    )
    return {str(a): (int(n), int(h or 0)) for a, n, h in db.session.execute(stmt)}


def by_place(period: Period) -> dict:
    """Return {place: (sessions, attendance in person, attendance online)} for the period."""
    stmt = (
        _counted(period)
        .add_columns(
            PLACE.label("place"),
            sa.func.count(Occurrence.id),
            sa.func.sum(sa.case((PLACE == VIRTUAL, 0), else_=IN_ROOM)),
            sa.func.sum(sa.case((PLACE == VIRTUAL, HEADCOUNT), else_=ONLINE)),
        )
        .group_by(PLACE)
    )
    return {p: (int(n), int(a or 0), int(o or 0)) for p, n, a, o in db.session.execute(stmt)}


def breaking_sessions(period: Period) -> list:
    """Return sessions whose online headcount is above their headcount (they break the checks)."""
    stmt = (
        _counted(period)
        .add_columns(Program.id, Program.title, Occurrence.starts_at, HEADCOUNT, ONLINE)
        .where(PLACE != VIRTUAL, ONLINE > HEADCOUNT)
        .order_by(Occurrence.starts_at, Occurrence.id)
        .limit(BREAKING_LIMIT)
    )
    return db.session.execute(stmt).all()


def recordings(period: Period) -> tuple[int, int]:
    """Return the recordings of approved programs posted in the period, and their 30-day views."""
    stmt = (
        sa.select(
            sa.func.count(Recording.id), sa.func.coalesce(sa.func.sum(Recording.views_30_days), 0)
        )
        .join(Program, Program.id == Recording.program_id)
        .where(
            Program.status.in_(PUBLISHED_STATUSES),
            Recording.posted_on >= period.start,
            Recording.posted_on < period.end,
        )
    )
    count, views = db.session.execute(stmt).one()
    return int(count), int(views)


def excluded(period: Period) -> list:
    """Return the period's one-to-one and self-directed programs, with their sessions."""
    stmt = (
        _sessions(period)
        .add_columns(
            Program.id, Program.title, ACTIVITY.label("activity"), sa.func.count(Occurrence.id)
        )
        .where(ACTIVITY != ActivityKind.PROGRAM)
        .group_by(Program.id, Program.title, ACTIVITY)
        .order_by(Program.title, Program.id)
    )
    return db.session.execute(stmt).all()


def _category(categories):
    """Return the SQL expression giving a program's category number, NULL when none matches."""
    whens = []
    for category in categories:
        matches = []
        if category.program_types:
            matches.append(Program.program_type.in_(category.program_types))
        if category.group_words:
            names = sa.func.lower(TargetGroup.name)
            matches.append(
                sa.exists().where(
                    ProgramTargetGroup.program_id == Program.id,
                    TargetGroup.id == ProgramTargetGroup.target_group_id,
                    sa.or_(
                        *[names.contains(word, autoescape=True) for word in category.group_words]
                    ),
                )
            )
        whens.append((sa.or_(*matches), category.number))
    return sa.case(*whens, else_=None)


def _categorised(period, categories):
    return (
        _counted(period)
        .add_columns(
            Program.id.label("program_id"),
            Program.title.label("title"),
            Program.program_type.label("program_type"),
            HEADCOUNT.label("headcount"),
            _category(categories).label("category"),
        )
        .subquery()
    )


def by_category(period: Period, categories) -> dict:
    """Return {category number or None: (sessions, attendance)} for the period."""
    rows = _categorised(period, categories)
    stmt = sa.select(rows.c.category, sa.func.count(), sa.func.sum(rows.c.headcount)).group_by(
        rows.c.category
    )
    return {c: (int(n), int(h or 0)) for c, n, h in db.session.execute(stmt)}


def unmapped(period: Period, categories) -> list:
    """Return the programs no category matches, with their sessions and attendance."""
    rows = _categorised(period, categories)
    stmt = (
        sa.select(
            rows.c.program_id,
            rows.c.title,
            rows.c.program_type,
            sa.func.count(),
            sa.func.sum(rows.c.headcount),
        )
        .where(rows.c.category.is_(None))
        .group_by(rows.c.program_id, rows.c.title, rows.c.program_type)
        .order_by(rows.c.title, rows.c.program_id)
    )
    return db.session.execute(stmt).all()


def year_of(day: date, start_month: int = 1) -> int:
    """Return the reporting year a day is in: the year its reporting year starts in."""
    return day.year if day.month >= start_month else day.year - 1


def years_with_sessions(today: date, start_month: int = 1) -> list[int]:
    """Return the reporting years from the first to the last session (and this one), newest
    first."""
    ends = (  # one subquery per end: each reads one end of the index (together they scan)
        sa.select(sa.func.min(Occurrence.starts_at)).scalar_subquery(),
        sa.select(sa.func.max(Occurrence.starts_at)).scalar_subquery(),
    )
    first, last = db.session.execute(sa.select(*ends)).one()
    years = {year_of(today, start_month)}
    if first is not None:
        first_year = year_of(local_day(first), start_month)
        years.update(range(first_year, year_of(local_day(last), start_month) + 1))
    return sorted(years, reverse=True)


class Fresh:
    """A period's figures straight from the sessions (what the stored cells must equal)."""

    def __init__(self, period: Period):
        self.period = period

    def by_audience(self) -> dict:
        return by_audience(self.period)

    def by_place(self) -> dict:
        return by_place(self.period)

    def recordings(self) -> tuple[int, int]:
        return recordings(self.period)

    def by_category(self, categories) -> dict:
        return by_category(self.period, categories)

    def excluded(self) -> list:
        return excluded(self.period)

    def unmapped(self, categories) -> list:
        return unmapped(self.period, categories)
