"""What each kind of notice says, rendered from its parameters in the reader's language.

A kind names its headline, its lines and where its link goes. Parameters are plain values
stored with the notice; values that are choices of a higher area (an IT item, an IT status)
are translated through label maps those areas register with register_labels().
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import url_for
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from program_planner.auth.models import FORMER_STAFF
from program_planner.i18n import format_when

LABELS: dict[str, dict] = {}


def register_labels(name: str, labels: dict) -> None:
    """Let notices translate a parameter holding a choice's value (e.g. an IT item)."""
    LABELS[name] = {str(getattr(key, "value", key)): label for key, label in labels.items()}


@dataclass(frozen=True)
class Kind:
    """A kind of notice: what it says and where its link leads."""

    headline: object  # a lazy string with %(name)s parameters
    lines: tuple = ()  # (lazy string, parameter that must be non-empty for the line, or None)
    link_text: object = _l("Open the program")
    link: Callable = None  # fn(notification) -> (endpoint, values) or None
    labelled: dict = field(default_factory=dict)  # parameter -> registered label map
    dates: tuple = ()  # parameters holding ISO dates / datetimes, formatted for the reader


def program_link(notice):
    """The notice's program page."""
    return ("programs.detail", {"program_id": notice.program_id}) if notice.program_id else None


def program_section_link(anchor):
    def link(notice):
        if not notice.program_id:
            return None
        return ("programs.detail", {"program_id": notice.program_id, "_anchor": anchor})

    return link


def it_queue_link(_notice):
    return ("planning.it_queue", {})


def job_link(notice):
    return ("jobs.job_page", {"job_id": notice.params.get("job_id")})


def session_report_link(notice):
    occurrence = notice.params.get("occurrence_id")
    return (
        ("evaluation.frontline_session_report", {"occurrence_id": occurrence})
        if occurrence
        else None
    )


COMMENT = (_l("Comment: %(comment)s"), "comment")
KINDS = {
    "program_submit": Kind(
        _l("“%(title)s” was submitted for approval"),
        ((_l("%(actor)s submitted it; it waits for a coordinator's review."), None), COMMENT),
        _l("Review the proposal"),
        program_link,
    ),
    "program_return": Kind(
        _l("“%(title)s” was returned with comments"),
        ((_l("%(actor)s returned it for changes."), None), COMMENT),
        link=program_link,
    ),
    "program_approve": Kind(
        _l("“%(title)s” was approved"),
        ((_l("%(actor)s approved it."), None), COMMENT),
        link=program_link,
    ),
    "program_decline": Kind(
        _l("“%(title)s” was declined"),
        ((_l("%(actor)s declined it."), None), COMMENT),
        link=program_link,
    ),
    "program_schedule": Kind(
        _l("“%(title)s” was marked as scheduled"),
        ((_l("%(actor)s marked it as scheduled."), None), COMMENT),
        link=program_link,
    ),
    "program_cancel": Kind(
        _l("“%(title)s” was cancelled"),
        ((_l("%(actor)s cancelled it."), None), COMMENT),
        link=program_link,
    ),
    "it_requested": Kind(
        _l("IT request for “%(title)s”: %(quantity)s × %(item)s"),
        (
            (_l("%(actor)s asked for it."), None),
            (_l("Needed by %(needed_by)s."), "needed_by"),
        ),
        _l("Open the IT queue"),
        it_queue_link,
        labelled={"item": "it_item"},
        dates=("needed_by",),
    ),
    "it_reopened": Kind(
        _l("IT request for “%(title)s” changed: %(quantity)s × %(item)s"),
        (
            (_l("%(actor)s changed what it asks for; it waits for IT again."), None),
            (_l("Needed by %(needed_by)s."), "needed_by"),
        ),
        _l("Open the IT queue"),
        it_queue_link,
        labelled={"item": "it_item"},
        dates=("needed_by",),
    ),
    "it_moved": Kind(
        _l("Your IT request for “%(title)s” is now “%(status)s”"),
        (
            (_l("%(quantity)s × %(item)s, moved along by %(actor)s."), None),
            (_l("Notes from IT: %(notes)s"), "notes"),
        ),
        link=program_section_link("it"),
        labelled={"item": "it_item", "status": "it_status"},
    ),
    "debrief_received": Kind(
        _l("A debrief of “%(title)s” was received"),
        ((_l("From %(author)s."), None),),
        _l("Read the debriefs"),
        program_section_link("debriefs"),
    ),
    "job_done": Kind(
        _l("Your %(what)s is ready"),
        ((_l("%(name)s"), "name"),),
        _l("Open it"),
        job_link,
        labelled={"what": "job_kind"},
    ),
    "job_failed": Kind(
        _l("Your %(what)s could not be finished"),
        ((_l("%(error)s"), "error"),),
        _l("See what happened"),
        job_link,
        labelled={"what": "job_kind"},
    ),
    "reminder_headcount": Kind(
        _l("Headcount not recorded: “%(title)s” on %(starts_at)s"),
        ((_l("Please record how many people came to this session."), None),),
        _l("Record the headcount"),
        session_report_link,
        dates=("starts_at",),
    ),
    "reminder_debrief": Kind(
        _l("The debrief of “%(title)s” is due"),
        (
            (
                _l(
                    "The last session was on %(last_session)s; write your debrief while it "
                    "is fresh."
                ),
                None,
            ),
        ),
        _l("Write the debrief"),
        program_section_link("debriefs"),
        dates=("last_session",),
    ),
    "reminder_evaluation": Kind(
        _l("The evaluation of “%(title)s” is still open"),
        (
            (
                _l(
                    "The last session was on %(last_session)s. Review the results and mark the "
                    "program as evaluated."
                ),
                None,
            ),
        ),
        link=program_link,
        dates=("last_session",),
    ),
}
register_labels("job_kind", {"export": _l("export"), "import": _l("import")})


@dataclass
class Rendered:
    """A notice as one reader sees it."""

    headline: str
    lines: list
    link_text: str
    endpoint: str | None
    values: dict


class _Values(dict):
    def __missing__(self, key):
        return ""


def _format_date(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value or ""
    if "T" in value:
        return format_when(moment)
    return format_date(moment.date(), "long")


def values_for(notice) -> dict:
    """Return the notice's parameters as the reader reads them (translated, dates formatted)."""
    kind = KINDS.get(notice.kind)
    values = _Values(notice.params or {})
    if notice.actor_id is not None:
        actor = notice.actor
        values["actor"] = actor.display_name if actor is not None else str(FORMER_STAFF)
    if kind is not None:
        for name, labels in kind.labelled.items():
            label = LABELS.get(labels, {}).get(str(values.get(name, "")))
            if label is not None:
                values[name] = str(label)
        for name in kind.dates:
            if values.get(name):
                values[name] = _format_date(values[name])
    return values


def render(notice) -> Rendered:
    """Render a notice in the current language (call inside force_locale for mail)."""
    kind = KINDS.get(notice.kind)
    if kind is None:
        return Rendered(notice.kind, [], "", None, {})
    values = values_for(notice)
    lines = [str(text) % values for text, needs in kind.lines if not needs or values.get(needs)]
    link = kind.link(notice) if kind.link else None
    endpoint, link_values = link if link else (None, {})
    return Rendered(str(kind.headline) % values, lines, str(kind.link_text), endpoint, link_values)


def link_url(rendered: Rendered, external_url=None) -> str | None:
    """Return the notice's link (absolute with external_url), or None when it cannot be built.

    A link to a page that does not exist (yet) is left out rather than breaking the notice.
    """
    if rendered.endpoint is None:
        return None
    try:
        if external_url is not None:
            return external_url(rendered.endpoint, **rendered.values)
        return url_for(rendered.endpoint, **rendered.values)
    except BuildError:
        return None
