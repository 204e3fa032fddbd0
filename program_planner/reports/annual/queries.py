"""The year's figures, straight from the database: each function is one grouped statement.

A session counts in the year its start falls in (library time); only approved programs count
(not drafts, proposals under review, declined or cancelled programs).
"""

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


def year_bounds(year: int):
    """Return the start of the local year and of the next one, as aware UTC instants."""
    return local_midnight(date(year, 1, 1)), local_midnight(date(year + 1, 1, 1))


def _sessions(year: int):
    """Return a select over the year's sessions of approved programs, with reports and counting."""
    start, end = year_bounds(year)
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


def _counted(year: int):
    """Return the year's sessions that count as programs (not one-to-one or self-directed help)."""
    return _sessions(year).where(ACTIVITY == ActivityKind.PROGRAM)


def by_audience(year: int) -> dict:
    """Return {audience: (sessions, attendance)}; attendance is everyone, in the room and online."""
    stmt = (
        _counted(year)
        .add_columns(AUDIENCE.label("a"), sa.func.count(Occurrence.id), sa.func.sum(HEADCOUNT))
        .group_by(AUDIENCE)
    )
    return {str(a): (int(n), int(h or 0)) for a, n, h in db.session.execute(stmt)}


def by_place(year: int) -> dict:
    """Return {place: (sessions, attendance in person, attendance online)} for the year."""
    stmt = (
        _counted(year)
        .add_columns(
            PLACE.label("place"),
            sa.func.count(Occurrence.id),
            sa.func.sum(sa.case((PLACE == VIRTUAL, 0), else_=IN_ROOM)),
            sa.func.sum(sa.case((PLACE == VIRTUAL, HEADCOUNT), else_=ONLINE)),
        )
        .group_by(PLACE)
    )
    return {p: (int(n), int(a or 0), int(o or 0)) for p, n, a, o in db.session.execute(stmt)}


def breaking_sessions(year: int) -> list:
    """Return sessions whose online headcount is above their headcount (they break the checks)."""
    stmt = (
        _counted(year)
        .add_columns(Program.id, Program.title, Occurrence.starts_at, HEADCOUNT, ONLINE)
        .where(PLACE != VIRTUAL, ONLINE > HEADCOUNT)
        .order_by(Occurrence.starts_at, Occurrence.id)
        .limit(BREAKING_LIMIT)
    )
    return db.session.execute(stmt).all()


def recordings(year: int) -> tuple[int, int]:
    """Return the recordings of approved programs posted in the year, and their 30-day views."""
    stmt = (
        sa.select(
            sa.func.count(Recording.id), sa.func.coalesce(sa.func.sum(Recording.views_30_days), 0)
        )
        .join(Program, Program.id == Recording.program_id)
        .where(
            Program.status.in_(PUBLISHED_STATUSES),
            Recording.posted_on >= date(year, 1, 1),
            Recording.posted_on < date(year + 1, 1, 1),
        )
    )
    count, views = db.session.execute(stmt).one()
    return int(count), int(views)


def excluded(year: int) -> list:
    """Return the year's one-to-one and self-directed programs, with their sessions."""
    stmt = (
        _sessions(year)
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


def _categorised(year, categories):
    return (
        _counted(year)
        .add_columns(
            Program.id.label("program_id"),
            Program.title.label("title"),
            Program.program_type.label("program_type"),
            HEADCOUNT.label("headcount"),
            _category(categories).label("category"),
        )
        .subquery()
    )


def by_category(year: int, categories) -> dict:
    """Return {category number or None: (sessions, attendance)} for the year."""
    rows = _categorised(year, categories)
    stmt = sa.select(rows.c.category, sa.func.count(), sa.func.sum(rows.c.headcount)).group_by(
        rows.c.category
    )
    return {c: (int(n), int(h or 0)) for c, n, h in db.session.execute(stmt)}


def unmapped(year: int, categories) -> list:
    """Return the programs no category matches, with their sessions and attendance."""
    rows = _categorised(year, categories)
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


def years_with_sessions(today: date) -> list[int]:
    """Return the years from the first to the last session (and this year), newest first."""
    first, last = db.session.execute(
        sa.select(sa.func.min(Occurrence.starts_at), sa.func.max(Occurrence.starts_at))
    ).one()
    years = {today.year}
    if first is not None:
        years.update(range(local_day(first).year, local_day(last).year + 1))
    return sorted(years, reverse=True)
