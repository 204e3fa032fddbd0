"""Read when a response was sent from the time columns survey tools write, and find its session.

Google Forms ("Timestamp", "Horodateur"), Microsoft Forms ("Start time", "Completion time",
"Heure de début", "Heure de fin") and LimeSurvey ("submitdate", "Date submitted") each write
the time their own way: 2027/03/03 7:45:12 PM GMT-5, 3/3/27 19:45:12, 03/03/2027 19:45:12,
2027-03-03 19:45:12. Times without a zone are the library's local time. Free of Flask.
"""

import bisect
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from program_planner.evaluation.kinds.base import normalize, strip_control_characters

# best first: when a response was completed beats when it was started
HEADERS = (
    (
        "completion time",
        "heure de fin",
        "heure d'achevement",
        "submitdate",
        "date submitted",
        "date de soumission",
        "date d'envoi",
        "submitted at",
        "submission time",
    ),
    ("timestamp", "horodateur", "horodatage", "datestamp", "date stamp", "date et heure"),
    ("start time", "heure de debut", "startdate", "date started", "date de debut"),
)

_TIME = re.compile(
    r"(?P<a>\d{1,4})[/.-](?P<b>\d{1,2})[/.-](?P<c>\d{1,4})"
    r"(?:[ t,]+(?P<h>\d{1,2})(?:\s*[:h]\s*(?P<m>\d{2}))?(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<half>[ap]\.?\s?m\.?)?)?"
    r"\s*(?P<zone>z|(?:gmt|utc)?\s*[+-]\s*\d{1,2}(?::?\d{2})?|[a-z]{2,5})?"
)


def time_column(header: list[str]) -> int | None:
    """Return the index of the column that best says when each response was sent, if any."""
    normalized = [normalize(h) for h in header]
    for names in HEADERS:
        for index, head in enumerate(normalized):
            if head in names:
                return index
    return None


def _match(raw: str):
    return _TIME.fullmatch(" ".join(strip_control_characters(raw).lower().split()))


def day_first(values, default: bool) -> bool:
    """Return whether a column's 03/04/2027 means 3 April: what its own values show, else default.

    A first number above 12 is a day; a second one above 12 is a day; AM/PM is written by US
    English tools, which put the month first.
    """
    half = False
    for raw in values:
        found = _match(raw)
        if found is None or len(found["a"]) > 2:
            continue
        if int(found["a"]) > 12:
            return True
        if int(found["b"]) > 12:
            return False
        half = half or bool(found["half"])
    return False if half else default


def _zone_of(text: str | None, local: ZoneInfo):
    if not text or text.isalpha() and text not in ("z", "utc", "gmt"):
        return local  # none, or a name such as EST: the library's own time
    if text in ("z", "utc", "gmt"):
        return UTC
    sign = -1 if "-" in text else 1
    digits = re.sub(r"[^0-9:]", "", text)
    hours, _, minutes = digits.partition(":")
    if not minutes and len(hours) > 2:
        hours, minutes = hours[:-2], hours[-2:]
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes or 0)))


def parse(raw: str, *, first_is_day: bool, local: ZoneInfo) -> datetime:
    """Return the UTC time a cell says (a date alone: the end of that day), or raise ValueError."""
    found = _match(raw)
    if found is None:
        raise ValueError(raw)
    a, b, c = found["a"], found["b"], found["c"]
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        day, month = (int(a), int(b)) if first_is_day else (int(b), int(a))
        year = int(c) + (2000 if len(c) <= 2 else 0)
    if found["h"] is None:
        hour, minute, second = 23, 59, 59
    else:
        hour, minute, second = int(found["h"]), int(found["m"] or 0), int(found["s"] or 0)
        if found["half"]:
            if hour > 12:
                raise ValueError(raw)
            hour = hour % 12 + (12 if found["half"].startswith("p") else 0)
    when = datetime(year, month, day, hour, minute, second, tzinfo=_zone_of(found["zone"], local))
    return when.astimezone(UTC)


@dataclass
class Sessions:
    """A program's sessions, to attach each response to the one it followed."""

    zone: ZoneInfo
    window: timedelta  # how long after a session's start a response still belongs to it
    starts: list = field(default_factory=list)  # [(start in UTC, occurrence id)], in order
    attach: bool = True  # False: responses belong to no session (a community survey's)

    @property
    def days(self) -> dict:
        """Return {local date: occurrence id}, the first session of each day."""
        found = {}
        for start, occurrence_id in self.starts:
            found.setdefault(start.astimezone(self.zone).date(), occurrence_id)
        return found

    def day_of(self, occurrence_id):
        """Return the local date of a session."""
        for start, found in self.starts:
            if found == occurrence_id:
                return start.astimezone(self.zone).date()
        return None

    def at(self, when: datetime):
        """Return the session a response sent at `when` followed, or None.

        The latest one started on or before that time, if it is the same local day or within
        the window; else the first one later that same day (a form filled in before the start).
        """
        index = bisect.bisect_right(self.starts, (when, float("inf")))
        day = when.astimezone(self.zone).date()
        if index:
            start, occurrence_id = self.starts[index - 1]
            if start.astimezone(self.zone).date() == day or when - start <= self.window:
                return occurrence_id
        if index < len(self.starts):
            start, occurrence_id = self.starts[index]
            if start.astimezone(self.zone).date() == day:
                return occurrence_id
        return None
