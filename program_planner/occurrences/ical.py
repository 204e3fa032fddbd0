"""The public iCalendar feed of sessions, built without Flask so it is easy to test."""

from datetime import datetime

from icalendar import Calendar, Event


def location_text(occurrence, online_label: str) -> str:
    """Return where the session is: the venue's name and address, or online."""
    venue = occurrence.venue
    if venue is None:
        return online_label
    address = venue.address or (venue.branch.address if venue.branch else "")
    place = venue.name if not venue.branch else f"{venue.name}, {venue.branch.name}"
    return f"{place}, {address}" if address else place


def build_calendar(
    occurrences, *, host: str, name: str, timezone: str, now: datetime, online_label: str
) -> bytes:
    """Return an iCalendar document (RFC 5545) with one event per session, times in UTC.

    Only public information goes in: the program's title and description, the time and the
    place; never budgets, staff or presenter contact details, nor staff links.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Program Planner//Library programs//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    for occurrence in occurrences:
        program = occurrence.program
        event = Event()
        event.add("uid", f"occurrence-{occurrence.id}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", occurrence.starts_at)
        event.add("dtend", occurrence.ends_at)
        event.add("last-modified", occurrence.updated_at)
        event.add("sequence", occurrence.version + program.version)
        event.add("summary", program.title)
        event.add("location", location_text(occurrence, online_label))
        if program.description:
            event.add("description", program.description)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
