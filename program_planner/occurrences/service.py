"""Rules of a program's sessions: times, venues without double booking, capacity; the calendar."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.dates import format_skeleton, get_day_names
from flask import current_app
from flask_babel import format_time, get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager

from program_planner.db import locked, utcnow
from program_planner.extensions import db
from program_planner.i18n import format_when
from program_planner.occurrences.models import Occurrence
from program_planner.programs.items import ItemError
from program_planner.programs.models import (
    INACTIVE_STATUSES,
    DeliveryMode,
    Program,
)
from program_planner.venues.models import Venue
from program_planner.venues.service import active_venues

LONGEST_SESSION = timedelta(hours=12)
NEEDS_LINK = (DeliveryMode.ONLINE, DeliveryMode.HYBRID)


def local_zone() -> ZoneInfo:
    """Return the library's time zone."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_midnight(day: date) -> datetime:
    """Return the start of a local day as aware UTC."""
    return datetime.combine(day, time(), tzinfo=local_zone()).astimezone(UTC)


def local_day(moment: datetime) -> date:
    """Return the local date of an aware time."""
    return moment.astimezone(local_zone()).date()


def day_month_text(moment: datetime) -> str:
    """Return "3 March" / "March 3" in the reader's language, for a local day."""
    return format_skeleton("MMMMd", moment.astimezone(local_zone()), locale=get_locale())


def month_title(first: date) -> str:
    """Return "March 2026" / "mars 2026" in the reader's language."""
    return format_skeleton("yMMMM", first, locale=get_locale())


def weekday_names():
    """Return (abbreviated, full) weekday names, Monday first, in the reader's language."""
    locale = get_locale()
    short = get_day_names("abbreviated", locale=locale)
    wide = get_day_names("wide", locale=locale)
    return [(short[i], wide[i]) for i in range(7)]


# --- The program page -------------------------------------------------------------------------


def load_occurrences(programs):
    """Return each program's sessions in time order, with their venues."""
    rows = db.session.scalars(
        sa.select(Occurrence)
        .where(Occurrence.program_id.in_([p.id for p in programs]))
        .order_by(Occurrence.starts_at, Occurrence.id)
    ).all()
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.program_id].append(row)
    return {p.id: grouped.get(p.id, []) for p in programs}


def occurrences_readiness(program, occurrences, action):
    """A program is submitted and scheduled with at least one session."""
    if action in ("submit", "schedule") and not occurrences:
        return [_("Add at least one session (when and where).")]
    if action == "deliver":
        upcoming = [o for o in occurrences if o.starts_at > utcnow()]
        if upcoming:
            return [
                _(
                    "The session of %(when)s has not started yet: mark the program as delivered "
                    "once its last session has begun (or remove the sessions that will not "
                    "take place).",
                    when=format_when(upcoming[-1].starts_at),
                )
            ]
    return []


def prepare_form(form, program, occurrence):
    """Offer the venues in use (and the one already chosen), grouped by branch."""
    current = occurrence.venue_id if occurrence else None
    groups = defaultdict(list)
    for venue in active_venues(include_id=current):
        group = venue.branch.name if venue.branch else _("Community venues")
        groups[group].append((venue.id, venue.name))
    community = _("Community venues")
    blank = (
        _("No venue (online)")
        if program.delivery_mode == DeliveryMode.ONLINE
        else _("Choose a venue …")
    )
    choices = {None: [("", blank)]}
    for name in sorted(groups, key=lambda g: (g == community, g)):
        choices[name] = groups[name]
    form.venue_id.choices = choices


def load_form(form, occurrence):
    """Show the stored times in the library's time zone."""
    form.starts_at.set_utc(occurrence.starts_at)
    form.ends_at.set_utc(occurrence.ends_at)


def save_occurrence(program, occurrence, form) -> Occurrence:
    """Apply the session form (see book_occurrence)."""
    return book_occurrence(
        program,
        occurrence,
        starts_at=form.starts_at.utc,
        ends_at=form.ends_at.utc,
        venue_id=form.venue_id.data,
        online_link=form.online_link.data,
        expected_attendance=form.expected_attendance.data,
        capacity=form.capacity.data,
        notes=form.notes.data,
    )


def book_occurrence(
    program,
    occurrence,
    *,
    starts_at,
    ends_at,
    venue_id=None,
    online_link="",
    expected_attendance=None,
    capacity=None,
    notes="",
) -> Occurrence:
    """Add or change a session; its venue must be free then and large enough.

    Call inside a write transaction (begin_write): the venue's row is locked (PostgreSQL) before
    looking for clashes, so two people booking the same venue at once cannot both succeed.
    """
    if ends_at <= starts_at:
        raise ItemError(_("The session must end after it starts."), "ends_at")
    if ends_at - starts_at > LONGEST_SESSION:
        raise ItemError(
            _("A session lasts at most 12 hours; add one session per day instead."), "ends_at"
        )
    online_link = (online_link or "").strip()
    if program.delivery_mode in NEEDS_LINK and not online_link:
        raise ItemError(
            _("Enter the link people use to join: this program is delivered online."),
            "online_link",
        )
    venue = None
    if venue_id:
        venue = db.session.scalar(locked(sa.select(Venue).where(Venue.id == venue_id)))
        if venue is None:
            raise ItemError(_("Choose a venue from the list."), "venue_id")
        if not venue.active and (occurrence is None or occurrence.venue_id != venue.id):
            raise ItemError(_("This venue is no longer in use; choose another."), "venue_id")
    elif program.delivery_mode != DeliveryMode.ONLINE:
        raise ItemError(
            _("Choose a venue; only programs delivered online can do without one."), "venue_id"
        )
    if venue is not None:
        if capacity is None:
            capacity = venue.capacity
        elif capacity > venue.capacity:
            raise ItemError(
                _(
                    "%(venue)s holds at most %(capacity)s people; enter %(capacity)s or fewer.",
                    venue=venue.name,
                    capacity=venue.capacity,
                ),
                "capacity",
            )
        clash = find_clash(venue.id, starts_at, ends_at, occurrence.id if occurrence else None)
        if clash is not None:
            raise ItemError(
                _(
                    "%(venue)s is booked %(start)s–%(end)s on %(day)s by “%(program)s”.",
                    venue=venue.name,
                    start=format_time(clash.starts_at, "short"),
                    end=format_time(clash.ends_at, "short"),
                    day=day_month_text(clash.starts_at),
                    program=clash.title,
                ),
                "venue_id",
            )
    if occurrence is None:
        occurrence = Occurrence(program_id=program.id)
        db.session.add(occurrence)
    occurrence.starts_at, occurrence.ends_at = starts_at, ends_at
    occurrence.venue = venue
    occurrence.online_link = online_link
    occurrence.expected_attendance = expected_attendance or 0
    occurrence.capacity = capacity
    occurrence.notes = (notes or "").strip()
    db.session.flush()
    return occurrence


def find_clash(venue_id, starts_at, ends_at, exclude_id=None):
    """Return (starts_at, ends_at, title) of a session overlapping [starts_at, ends_at), or None.

    Sessions of declined and cancelled programs do not hold their venue.
    """
    return db.session.execute(
        sa.select(Occurrence.starts_at, Occurrence.ends_at, Program.title)
        .join(Program, Program.id == Occurrence.program_id)
        .where(
            Occurrence.venue_id == venue_id,
            Occurrence.starts_at < ends_at,
            Occurrence.ends_at > starts_at,
            Occurrence.id != (exclude_id or 0),
            Program.status.not_in(INACTIVE_STATUSES),
        )
        .order_by(Occurrence.starts_at)
        .limit(1)
    ).first()


def occurrence_warnings(occurrence):
    """Warn when more people are expected than the session has room for."""
    if occurrence.capacity is not None and occurrence.expected_attendance > occurrence.capacity:
        return [
            _(
                "More people are expected (%(expected)s) than there is room for "
                "(%(capacity)s): plan registration or a larger venue.",
                expected=occurrence.expected_attendance,
                capacity=occurrence.capacity,
            )
        ]
    return []


# --- The program list's date filter -------------------------------------------------------------


def sessions_between(stmt, form):
    """Keep programs with a session overlapping the local days date_from–date_to.

    The sessions are found by their start time's index, not program by program: a session lasts
    at most LONGEST_SESSION, so one still running at the range's beginning started less than
    that before it. Only the range's sessions are read, whatever the size of the library.
    """
    start, end = form.date_from.data, form.date_to.data
    if form.date_to.errors:
        end = None
    conditions = []
    if start:
        begin = local_midnight(start)
        conditions += [Occurrence.ends_at > begin, Occurrence.starts_at > begin - LONGEST_SESSION]
    if end:
        conditions.append(Occurrence.starts_at < local_midnight(end + timedelta(days=1)))
    return stmt.where(Program.id.in_(sa.select(Occurrence.program_id).where(*conditions)))


def filter_date_from(stmt, form):
    """Apply the date range (both ends) from the "from" filter."""
    return sessions_between(stmt, form)


def filter_date_to(stmt, form):
    """Apply the date range from the "until" filter, unless the "from" filter did."""
    if form.date_from.data and not form.date_from.errors:
        return stmt
    return sessions_between(stmt, form)


# --- Calendar and feed ---------------------------------------------------------------------------


@dataclass
class MonthGrid:
    """A month as weeks of days, Monday first, with the days around it to fill the weeks."""

    first: date
    weeks: list
    previous: date
    next: date

    @property
    def start(self) -> date:
        return self.weeks[0][0]

    @property
    def end(self) -> date:
        return self.weeks[-1][-1] + timedelta(days=1)


def month_grid(first: date) -> MonthGrid:
    """Return the weeks (Monday to Sunday) covering the month starting on first."""
    first = first.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    day = first - timedelta(days=first.weekday())
    weeks = []
    while day < next_month:
        weeks.append([day + timedelta(days=i) for i in range(7)])
        day += timedelta(days=7)
    previous = (first - timedelta(days=1)).replace(day=1)
    return MonthGrid(first, weeks, previous, next_month)


def parse_month(text: str | None) -> date | None:
    """Return the first day of a month given as YYYY-MM, or None when it is not one."""
    if not text or len(text) != 7 or text[4] != "-":
        return None
    try:
        year, month = int(text[:4]), int(text[5:])
        return date(year, month, 1) if 1900 <= year <= 2999 else None
    except ValueError:
        return None


DAY_PAGE = 50  # sessions of one day listed at a time (all branches)


def _sessions(conditions, branch_id, page=None):
    stmt = (
        sa.select(Occurrence)
        .join(Occurrence.program)
        .outerjoin(Occurrence.venue)
        .options(contains_eager(Occurrence.program), contains_eager(Occurrence.venue))
        .where(*conditions)
    )
    if branch_id:  # as id lists, so the database reads only that branch's sessions
        stmt = stmt.where(
            sa.or_(
                Occurrence.program_id.in_(
                    sa.select(Program.id).where(Program.branch_id == branch_id)
                ),
                Occurrence.venue_id.in_(sa.select(Venue.id).where(Venue.branch_id == branch_id)),
            )
        )
    stmt = stmt.order_by(Occurrence.starts_at, Occurrence.id)
    if page is not None:
        stmt = stmt.limit(DAY_PAGE + 1).offset((page - 1) * DAY_PAGE)
    return db.session.scalars(stmt).unique().all()


def _on_days(start: date, end: date):
    return (
        Occurrence.starts_at >= local_midnight(start),
        Occurrence.starts_at < local_midnight(end),
        Program.status.not_in(INACTIVE_STATUSES),
    )


def calendar_sessions(start: date, end: date, branch_id=None):
    """Return the sessions starting on the local days [start, end), of programs still on."""
    return _sessions(_on_days(start, end), branch_id)


def day_sessions(day: date, page: int, branch_id=None) -> tuple[list, bool]:
    """Return (up to DAY_PAGE sessions of a local day from page, whether more follow)."""
    found = _sessions(_on_days(day, day + timedelta(days=1)), branch_id, page)
    return found[:DAY_PAGE], len(found) > DAY_PAGE


def _day_index(days: list, low: int, high: int):
    """Return a SQL expression giving which of days[low:high] a session starts on: a balanced
    tree of comparisons with local midnights (a handful per session, whatever the month)."""
    if high - low == 1:
        return sa.literal_column(str(low), sa.Integer)
    middle = (low + high) // 2
    return sa.case(
        (Occurrence.starts_at < local_midnight(days[middle]), _day_index(days, low, middle)),
        else_=_day_index(days, middle, high),
    )


def day_counts(grid: MonthGrid) -> dict:
    """Return {local date: number of sessions} of the grid's days, counted by the database.

    The whole library's month is a summary (a 60-branch month is over a thousand sessions):
    each session's local day is found in SQL and the days are counted there, so no session is
    loaded (nor its program: inactive programs are one id list); one statement on SQLite and
    PostgreSQL alike.
    """
    days = [day for week in grid.weeks for day in week]
    index = _day_index(days, 0, len(days)).label("day_index")
    inactive = sa.select(Program.id).where(Program.status.in_(INACTIVE_STATUSES))
    stmt = (
        sa.select(index, sa.func.count())
        .where(*_on_days(grid.start, grid.end)[:2], Occurrence.program_id.not_in(inactive))
        .group_by(sa.literal_column("day_index"))
    )
    counts = dict.fromkeys(days, 0)
    for position, number in db.session.execute(stmt):
        counts[days[position]] = number
    return counts


def parse_day(text: str | None, grid: MonthGrid) -> date | None:
    """Return the day given as YYYY-MM-DD when it is one of the grid's, else None."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if grid.start <= day < grid.end else None


def sessions_by_day(occurrences) -> dict:
    """Return {local date: [sessions]}."""
    days = defaultdict(list)
    for occurrence in occurrences:
        days[local_day(occurrence.starts_at)].append(occurrence)
    return days
