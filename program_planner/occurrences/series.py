"""Repeating sessions: the dates of a series, booking them all or none, and changing the rest of
a series at once. Functions flush, never commit: the views own the transaction."""

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from babel.dates import format_skeleton
from flask_babel import format_time, get_locale, ngettext
from flask_babel import gettext as _

from program_planner.db import locked
from program_planner.extensions import db
from program_planner.occurrences.forms import SERIES_MAX
from program_planner.occurrences.models import Occurrence, OccurrenceSeries
from program_planner.occurrences.service import (
    book_occurrence,
    find_clash,
    local_zone,
    prepare_form,
    save_occurrence,
)
from program_planner.programs.items import ItemError
from program_planner.venues.models import Venue

FREQUENCIES = ("weekly", "biweekly", "monthly_weekday", "monthly_date")


class SeriesClashes(ItemError):
    """Sessions of the series would double-book their venue; every clash is listed."""

    def __init__(self, clashes: list[str]):
        super().__init__(
            ngettext(
                "%(num)d session clashes with another booking; nothing was saved:",
                "%(num)d sessions clash with other bookings; nothing was saved:",
                len(clashes),
            ),
            "venue_id",
        )
        self.clashes = clashes
        self.message = self.args[0]

    def __str__(self) -> str:
        return " ".join([self.message, *self.clashes])


@dataclass(frozen=True)
class Slot:
    """One session of a series, as aware UTC times."""

    starts_at: datetime
    ends_at: datetime


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """Return the nth (1–4, or 5 for the last) weekday of a month."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
    matching = [d for d in days if d.weekday() == weekday]
    return matching[-1] if nth >= 5 else matching[nth - 1]


def _month_day(first: date, months: int, frequency: str) -> date | None:
    """Return the day of the series `months` months after first (None: no such day)."""
    total = first.month - 1 + months
    year, month = first.year + total // 12, total % 12 + 1
    if frequency == "monthly_weekday":
        return _nth_weekday(year, month, first.weekday(), (first.day - 1) // 7 + 1)
    if first.day > calendar.monthrange(year, month)[1]:
        return None  # e.g. the 31st in a month of 30 days: that month has no session
    return first.replace(year=year, month=month)


def series_days(first: date, frequency: str, count: int | None, until: date | None) -> list:
    """Return the local dates of a series: count of them, or every one up to until.

    Raises ItemError when that makes no session or more than SERIES_MAX.
    """
    if frequency not in FREQUENCIES:
        raise ItemError(_("Choose how often the session repeats."), "frequency")
    if count is not None and not 1 <= count <= SERIES_MAX:
        raise ItemError(_("Enter a number of sessions from 1 to %(max)s.", max=SERIES_MAX), "count")
    if count is None and until is None:
        raise ItemError(_("Enter a number of sessions, or the date of the last one."), "count")
    if until is not None and until < first:
        raise ItemError(_("The end date is before the first session."), "until")
    days, step = [], 0
    while True:
        if frequency in ("weekly", "biweekly"):
            day = first + timedelta(weeks=step * (1 if frequency == "weekly" else 2))
        else:
            day = _month_day(first, step, frequency)
        step += 1
        if day is None:
            continue
        if until is not None and day > until:
            break
        days.append(day)
        if count is not None and len(days) == count:
            break
        if len(days) > SERIES_MAX:
            raise ItemError(
                _(
                    "That makes more than %(max)s sessions; choose an earlier end date or "
                    "add the series in parts.",
                    max=SERIES_MAX,
                ),
                "until",
            )
    return days


def series_slots(starts_at: datetime, ends_at: datetime, days) -> list[Slot]:
    """Return each day's session at the first one's local times (summer time respected)."""
    zone = local_zone()
    local_start = starts_at.astimezone(zone).replace(tzinfo=None)
    length = ends_at.astimezone(zone).replace(tzinfo=None) - local_start
    slots = []
    for day in days:
        start = datetime.combine(day, local_start.time())
        slots.append(
            Slot(
                start.replace(tzinfo=zone).astimezone(UTC),
                (start + length).replace(tzinfo=zone).astimezone(UTC),
            )
        )
    return slots


def describe(frequency: str, count: int, first: date) -> str:
    """Return the series' rule in words, e.g. "Every week, 8 sessions from 3 March 2027"."""
    names = {
        "weekly": _("Every week"),
        "biweekly": _("Every two weeks"),
        "monthly_weekday": _("Every month, on the same weekday"),
        "monthly_date": _("Every month, on the same date"),
    }
    day = format_skeleton("yMMMMd", first, locale=get_locale())
    return ngettext(
        "%(rule)s, %(num)d session from %(day)s",
        "%(rule)s, %(num)d sessions from %(day)s",
        count,
        rule=names[frequency],
        day=day,
    )


def _clash_text(venue, slot, clash) -> str:
    return _(
        "%(when)s: %(venue)s is booked %(start)s–%(end)s by “%(program)s”.",
        when=format_skeleton(
            "yMMMEd", slot.starts_at.astimezone(local_zone()), locale=get_locale()
        ),
        venue=venue.name,
        start=format_time(clash.starts_at, "short"),
        end=format_time(clash.ends_at, "short"),
        program=clash.title,
    )


def clashes_of(venue_id, slots, exclude_ids=()) -> list[str]:
    """Return a message for every slot whose venue is already booked (venue locked first)."""
    if not venue_id:
        return []
    venue = db.session.scalar(locked(sa.select(Venue).where(Venue.id == venue_id)))
    if venue is None:
        return []
    found = []
    for slot in slots:
        clash = find_clash_excluding(venue.id, slot, exclude_ids)
        if clash is not None:
            found.append(_clash_text(venue, slot, clash))
    return found


def find_clash_excluding(venue_id, slot, exclude_ids):
    """find_clash for a slot, ignoring the sessions being moved themselves."""
    if len(exclude_ids) <= 1:
        return find_clash(venue_id, slot.starts_at, slot.ends_at, next(iter(exclude_ids), None))
    from program_planner.programs.models import INACTIVE_STATUSES, Program

    return db.session.execute(
        sa.select(Occurrence.starts_at, Occurrence.ends_at, Program.title)
        .join(Program, Program.id == Occurrence.program_id)
        .where(
            Occurrence.venue_id == venue_id,
            Occurrence.starts_at < slot.ends_at,
            Occurrence.ends_at > slot.starts_at,
            Occurrence.id.not_in(list(exclude_ids)),
            Program.status.not_in(INACTIVE_STATUSES),
        )
        .order_by(Occurrence.starts_at)
        .limit(1)
    ).first()


def book_series(program, form) -> list[Occurrence]:
    """Add every session of the series form, or none: all clashes are listed together."""
    starts_at, ends_at = form.starts_at.utc, form.ends_at.utc
    first = form.starts_at.data.date()
    days = series_days(first, form.frequency.data, form.count.data, form.until.data)
    slots = series_slots(starts_at, ends_at, days)
    clashes = clashes_of(form.venue_id.data, slots)
    if clashes:
        raise SeriesClashes(clashes)
    series = OccurrenceSeries(
        program_id=program.id, rule=describe(form.frequency.data, len(slots), first)[:200]
    )
    db.session.add(series)
    db.session.flush()
    booked = []
    for slot in slots:
        occurrence = book_occurrence(
            program,
            None,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            venue_id=form.venue_id.data,
            online_link=form.online_link.data,
            expected_attendance=form.expected_attendance.data,
            capacity=form.capacity.data,
            notes=form.notes.data,
        )
        occurrence.series_id = series.id
        booked.append(occurrence)
    db.session.flush()
    return booked


def following(occurrence) -> list[Occurrence]:
    """Return the sessions of the occurrence's series from it on, in time order."""
    if occurrence.series_id is None:
        return [occurrence]
    return list(
        db.session.scalars(
            sa.select(Occurrence)
            .where(
                Occurrence.series_id == occurrence.series_id,
                Occurrence.starts_at >= occurrence.starts_at,
            )
            .order_by(Occurrence.starts_at, Occurrence.id)
        )
    )


def change_following(program, occurrence, form) -> Occurrence:
    """Apply the edit form to this session and the following ones of its series.

    A change of date or time moves each following session by as much (in local time); venue,
    link, expected attendance, capacity and notes become the form's. Every clash is listed
    together and nothing is saved when there is one.
    """
    zone = local_zone()
    rest = following(occurrence)
    old_start = occurrence.starts_at.astimezone(zone).replace(tzinfo=None)
    shift = form.starts_at.data - old_start
    length = form.ends_at.data - form.starts_at.data
    slots = []
    for session in rest:
        start = session.starts_at.astimezone(zone).replace(tzinfo=None) + shift
        slots.append(
            Slot(
                start.replace(tzinfo=zone).astimezone(UTC),
                (start + length).replace(tzinfo=zone).astimezone(UTC),
            )
        )
    clashes = clashes_of(form.venue_id.data, slots, exclude_ids={s.id for s in rest})
    if clashes:
        raise SeriesClashes(clashes)
    pairs = list(zip(rest, slots, strict=True))
    if shift > timedelta(0):
        pairs.reverse()  # the last moves first, so none lands on a sibling not yet moved
    for session, slot in pairs:
        book_occurrence(
            program,
            session,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            venue_id=form.venue_id.data,
            online_link=form.online_link.data,
            expected_attendance=form.expected_attendance.data,
            capacity=form.capacity.data,
            notes=form.notes.data,
        )
    return occurrence


def prepare_session_form(form, program, occurrence) -> None:
    """The venues; "this and the following" only for a session of a series."""
    prepare_form(form, program, occurrence)
    if occurrence is None or occurrence.series_id is None:
        del form.apply_to


def save_session(program, occurrence, form) -> Occurrence:
    """Save one session, or this one and the following sessions of its series."""
    apply_to = getattr(form, "apply_to", None)
    if occurrence is not None and apply_to is not None and apply_to.data == "following":
        return change_following(program, occurrence, form)
    return save_occurrence(program, occurrence, form)
