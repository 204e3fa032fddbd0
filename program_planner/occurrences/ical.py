"""The public iCalendar feed of sessions, built without Flask so it is easy to test."""

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event

from program_planner.programs.models import Status


def location_text(occurrence, online_label: str) -> str:
    """Return where the session is: the venue's name and address, or online."""
    venue = occurrence.venue
    if venue is None:
        return online_label
    address = venue.address or (venue.branch.address if venue.branch else "")
    place = venue.name if not venue.branch else f"{venue.name}, {venue.branch.name}"
    return f"{place}, {address}" if address else place


@dataclass(frozen=True)
class FeedText:
    """The words of a feed in its reader's language, and where event UIDs point."""

    name: str
    timezone: str
    online_label: str
    language: str
    uid_domain: str


def event_status(program, removed: bool) -> str:
    """Return CANCELLED, TENTATIVE (approved, not yet scheduled) or CONFIRMED."""
    if removed or program.status == Status.CANCELLED:
        return "CANCELLED"
    return "TENTATIVE" if program.status == Status.APPROVED else "CONFIRMED"


def _event(occurrence, text: FeedText, now: datetime, *, sequence, modified, removed=False):
    program = occurrence.program
    event = Event()
    event.add("uid", f"occurrence-{occurrence.id}@{text.uid_domain}")
    event.add("dtstamp", now)
    event.add("dtstart", occurrence.starts_at)
    event.add("dtend", occurrence.ends_at)
    event.add("last-modified", modified)
    event.add("sequence", sequence)
    event.add("summary", program.title_in(text.language))
    event.add("location", location_text(occurrence, text.online_label))
    description = program.description_in(text.language)
    if description:
        event.add("description", description)
    event.add("status", event_status(program, removed))
    return event


def build_calendar(occurrences, removed, text: FeedText, now: datetime) -> bytes:
    """Return an iCalendar document (RFC 5545) with one event per session, times in UTC.

    Sessions of a cancelled program and deleted sessions (removed) are events with STATUS
    CANCELLED and a higher SEQUENCE, so calendars that imported them hear about it. Only public
    information goes in: the program's title and description, the time and the place; never
    budgets, staff or presenter contact details, nor staff links.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Program Planner//Library programs//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", text.name)
    calendar.add("x-wr-timezone", text.timezone)
    live = set()
    for occurrence in occurrences:
        live.add(occurrence.id)
        sequence = occurrence.version + occurrence.program.version
        modified = max(occurrence.updated_at, occurrence.program.updated_at)
        calendar.add_component(_event(occurrence, text, now, sequence=sequence, modified=modified))
    for gone in removed:
        if gone.id not in live:  # SQLite may give a new session the id of a deleted last one
            event = _event(
                gone, text, now, sequence=gone.sequence, modified=gone.removed_at, removed=True
            )
            calendar.add_component(event)
    return calendar.to_ical()
