"""The audit log as people read it: sentences with names, filters, pages and a CSV download.

Every recorded action code has one sentence in ACTIONS; names of people, programs and branches
are loaded for a whole page at once (one query per kind of object), so the number of statements
does not grow with the log.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from program_planner.audit.models import AuditEvent
from program_planner.auth.models import FORMER_STAFF, Branch, Role, User
from program_planner.extensions import db
from program_planner.occurrences.service import local_midnight
from program_planner.programs.models import Program, ProgramType, Status

PER_PAGE = 50
CSV_CHUNK = 500
ERASED = "erased"  # the person filter's value for every erased account

# One sentence per recorded action. %(actor)s is who did it, %(object)s the object's name; other
# placeholders come from the event's details (names loaded, codes turned into words).
ACTIONS = {
    "program_created": _l("%(actor)s created “%(object)s”"),
    "program_submit": _l("%(actor)s submitted “%(object)s” for approval"),
    "program_approve": _l("%(actor)s approved “%(object)s”"),
    "program_return": _l("%(actor)s returned “%(object)s” with comments"),
    "program_decline": _l("%(actor)s declined “%(object)s”"),
    "program_schedule": _l("%(actor)s marked “%(object)s” as scheduled"),
    "program_deliver": _l("%(actor)s marked “%(object)s” as delivered"),
    "program_evaluate": _l("%(actor)s marked “%(object)s” as evaluated"),
    "program_close": _l("%(actor)s closed “%(object)s”"),
    "program_cancel": _l("%(actor)s cancelled “%(object)s”"),
    "program_copied": _l("%(actor)s copied “%(source)s” into a new draft, “%(object)s”"),
    "objective_assessed": _l("%(actor)s wrote an assessment of an objective of “%(program)s”"),
    "debrief_link_issued": _l("%(actor)s sent a debrief link to %(presenter)s"),
    "debrief_link_resent": _l("%(actor)s sent a debrief link to %(presenter)s again"),
    "debrief_link_revoked": _l("%(actor)s revoked the debrief link of %(presenter)s"),
    "responses_imported": _l("%(actor)s imported responses into “%(program)s” from %(filename)s"),
    "follow_up_contacts_downloaded": _l(
        "%(actor)s downloaded the follow-up contacts of “%(object)s”"
    ),
    "export": _l("%(actor)s exported %(exported)s to Excel"),
    "job_download": _l("%(actor)s downloaded the file %(file)s"),
    "engagement_export": _l("%(actor)s exported the engagement figures from %(start)s to %(end)s"),
    "annual_statistics_exported": _l("%(actor)s exported the annual statistics of %(year)s"),
    "impact_report_downloaded": _l("%(actor)s downloaded the impact report of “%(object)s”"),
    "portfolio_impact_downloaded": _l(
        "%(actor)s downloaded the impact report of fiscal year %(year)s"
    ),
    "audit_log_downloaded": _l("%(actor)s downloaded the audit log"),
    "settings_changed": _l("%(actor)s set the reporting profile to %(profile)s"),
    "branch_saved": _l("%(actor)s saved the branch “%(object)s”"),
    "user_created": _l("%(actor)s created the account of %(object)s"),
    "role_changed": _l("%(actor)s changed the role of %(object)s from %(old)s to %(new)s"),
    "branch_changed": _l("%(actor)s moved %(object)s from %(old)s to %(new)s"),
    "user_deactivated": _l("%(actor)s deactivated the account of %(object)s"),
    "user_reactivated": _l("%(actor)s reactivated the account of %(object)s"),
    "password_reset": _l("%(actor)s reset the password of %(object)s"),
    "user_erased": _l("%(actor)s erased the personal details of %(object)s"),
    "password_changed": _l("%(actor)s changed their password"),
    "login": _l("%(actor)s signed in"),
    "logout": _l("%(actor)s signed out"),
    "login_failed": _l("A sign-in as %(object)s failed (%(reason)s)"),
}
UNKNOWN_ACTION = _l("%(actor)s: %(action)s")

OBJECT_TYPES = {
    "Program": _l("Program"),
    "Branch": _l("Branch"),
    "User": _l("Staff account"),
    "Job": _l("File download"),
    "DebriefLink": _l("Debrief link"),
    "ImportBatch": _l("Response import"),
    "ObjectiveAssessment": _l("Objective assessment"),
}

LOGIN_REASONS = {
    "unknown_user": _l("unknown user name"),
    "wrong_password": _l("wrong password"),
    "inactive": _l("account deactivated"),
}


class Placeholders(dict):
    """Fill any placeholder a sentence has but an event lacks with "…"."""

    def __missing__(self, key):
        return "…"


def action_label(code: str) -> str:
    """Return an action as a filter choice: its sentence with "Someone" and "…"."""
    return str(ACTIONS[code]) % Placeholders(actor=_("Someone"))


# --- Names, a page at a time --------------------------------------------------------------------


class Names:
    """Names of the people, programs and branches a batch of events mentions (3 queries at most)."""

    def __init__(self, events):
        wanted = defaultdict(set)
        for e in events:
            if e.actor_id is not None:
                wanted["User"].add(e.actor_id)
            if e.object_type in ("User", "Program", "Branch") and e.object_id is not None:
                wanted[e.object_type].add(e.object_id)
            details = e.details or {}
            for key in ("program_id", "source"):
                if isinstance(details.get(key), int):
                    wanted["Program"].add(details[key])
            if e.action == "branch_changed":
                wanted["Branch"].update(v for v in (details.get("old"), details.get("new")) if v)
            filters = details.get("filters")
            if isinstance(filters, dict):
                for key, kind in (("branch", "Branch"), ("person", "User")):
                    if str(filters.get(key, "")).isdigit():
                        wanted[kind].add(int(filters[key]))
        self.users = self._load(User, (User.full_name, User.erased_at), wanted["User"])
        self.programs = self._load(Program, (Program.title,), wanted["Program"])
        self.branches = self._load(Branch, (Branch.name,), wanted["Branch"])

    @staticmethod
    def _load(model, columns, ids) -> dict:
        if not ids:
            return {}
        rows = db.session.execute(sa.select(model.id, *columns).where(model.id.in_(sorted(ids))))
        return {row[0]: tuple(row[1:]) for row in rows}

    def person(self, user_id) -> str:
        if user_id not in self.users:
            return _("a deleted account") if user_id is not None else _("the system")
        full_name, erased_at = self.users[user_id]
        return str(FORMER_STAFF) if erased_at is not None else full_name

    def program(self, program_id) -> str:
        found = self.programs.get(program_id)
        return found[0] if found else _("a deleted program")

    def branch(self, branch_id) -> str:
        found = self.branches.get(branch_id)
        return found[0] if found else _("a deleted branch")


def _role(value) -> str:
    try:
        return str(Role(value).label)
    except ValueError:
        return str(value)


def _object_name(event, names: Names) -> str:
    kind, oid = event.object_type, event.object_id
    if kind == "User":
        return names.person(oid) if oid is not None else _("an unknown user name")
    if kind == "Program":
        return names.program(oid)
    if kind == "Branch":
        return names.branch(oid)
    if kind is None:
        return ""
    return f"{OBJECT_TYPES.get(kind, kind)} {oid}"


def sentence(event, names: Names) -> str:
    """Return what happened, in the reader's language, with the names of people and objects."""
    details = event.details or {}
    values = Placeholders(
        actor=names.person(event.actor_id),
        object=_object_name(event, names),
        action=event.action,
    )
    for key in ("presenter", "filename", "file", "start", "end", "year"):
        if details.get(key) not in (None, ""):
            values[key] = str(details[key])
    if isinstance(details.get("program_id"), int):
        values["program"] = names.program(details["program_id"])
    if isinstance(details.get("source"), int):
        values["source"] = names.program(details["source"])
    if event.action == "role_changed":
        values["old"], values["new"] = _role(details.get("old")), _role(details.get("new"))
    if event.action == "branch_changed":
        values["old"] = names.branch(details.get("old"))
        values["new"] = names.branch(details.get("new"))
    if event.action == "login_failed":
        values["reason"] = str(LOGIN_REASONS.get(details.get("reason"), details.get("reason")))
        if event.object_type is None:
            values["object"] = _("an unknown user name")
    if event.action == "export":
        if event.object_type == "Program":
            values["exported"] = f"“{values['object']}”"
        else:
            count = int(details.get("programs") or 0)
            values["exported"] = ngettext("%(num)d program", "%(num)d programs", count)
    text = str(ACTIONS.get(event.action, UNKNOWN_ACTION)) % values
    return text[:1].upper() + text[1:]


def _filter_value(key, value, names: Names) -> str:
    value = str(value)
    try:
        if key == "branch" and value.isdigit():
            return names.branch(int(value))
        if key == "person":
            return names.person(int(value)) if value.isdigit() else str(FORMER_STAFF)
        if key == "action" and value in ACTIONS:
            return action_label(value)
        if key == "object_type" and value in OBJECT_TYPES:
            return str(OBJECT_TYPES[value])
        if key == "status":
            return str(Status(value).label)
        if key == "program_type":
            return str(ProgramType(value).label)
    except (ValueError, AttributeError):
        pass
    return value


FILTER_LABELS = {
    "q": _l("Search"),
    "status": _l("Status"),
    "stage": _l("Stage"),
    "branch": _l("Branch"),
    "program_type": _l("Program type"),
    "fiscal_year": _l("Fiscal year"),
    "owner": _l("Owner"),
    "target_group": _l("Target group"),
    "person": _l("Person"),
    "action": _l("Action"),
    "object_type": _l("Object"),
    "date_from": _l("From"),
    "date_to": _l("Until"),
}


def details_text(event, names: Names) -> str:
    """Return the event's details people need, in words: filters, comments, counts."""
    details = event.details or {}
    parts = []
    filters = details.get("filters")
    if isinstance(filters, dict) and filters:
        described = "; ".join(
            _(
                "%(label)s: %(value)s",
                label=FILTER_LABELS.get(k, k),
                value=_filter_value(k, v, names),
            )
            for k, v in filters.items()
        )
        parts.append(_("Filters: %(filters)s", filters=described))
    elif event.action in ("export", "audit_log_downloaded") and "filters" in details:
        parts.append(_("No filter"))
    if details.get("comment"):
        parts.append(_("Comment: %(comment)s", comment=details["comment"]))
    if event.action == "responses_imported":
        parts.append(
            _(
                "%(imported)s rows imported, %(refused)s refused",
                imported=details.get("rows_imported", 0),
                refused=details.get("rows_refused", 0),
            )
        )
    if event.action == "follow_up_contacts_downloaded":
        parts.append(_("%(num)s addresses", num=details.get("count", 0)))
    return " · ".join(parts)


@dataclass
class Line:
    """One event as the page and the CSV show it."""

    event: AuditEvent
    sentence: str
    details: str


def lines(events) -> list[Line]:
    names = Names(events)
    return [Line(e, sentence(e, names), details_text(e, names)) for e in events]


# --- Filters ------------------------------------------------------------------------------------


def _not_before_start(form, field):
    if field.data and form.date_from.data and field.data < form.date_from.data:
        raise ValidationError(_l("The end of the period is before its start."))


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string."""

    class Meta:
        csrf = False

    person = SelectField(_l("Person"), validators=[Optional()])
    action = SelectField(_l("Action"), validators=[Optional()])
    object_type = SelectField(_l("Object"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("Until"), validators=[Optional(), _not_before_start])


def filter_form(args) -> AuditFilterForm:
    """Return the filter form read from args, validated, with its choices."""
    form = AuditFilterForm(args)
    people = db.session.execute(
        sa.select(User.id, User.full_name).where(User.erased_at.is_(None)).order_by(User.full_name)
    ).all()
    form.person.choices = (
        [("", _("Anyone"))]
        + [(str(uid), name) for uid, name in people]
        + [(ERASED, str(FORMER_STAFF))]
    )
    form.action.choices = [("", _("Any action"))] + sorted(
        ((code, action_label(code)) for code in ACTIONS), key=lambda c: c[1].casefold()
    )
    form.object_type.choices = [("", _("Any object"))] + [
        (k, str(v)) for k, v in OBJECT_TYPES.items()
    ]
    form.validate()
    return form


def conditions(form: AuditFilterForm) -> list:
    """Return the WHERE conditions of the valid filters (an invalid one is shown, not applied)."""
    where = []
    if form.person.data and not form.person.errors:
        if form.person.data == ERASED:
            erased = sa.select(User.id).where(User.erased_at.is_not(None))
            where.append(AuditEvent.actor_id.in_(erased))
        else:
            where.append(AuditEvent.actor_id == int(form.person.data))
    if form.action.data and not form.action.errors:
        where.append(AuditEvent.action == form.action.data)
    if form.object_type.data and not form.object_type.errors:
        where.append(AuditEvent.object_type == form.object_type.data)
    if form.date_from.data and not form.date_from.errors:
        where.append(AuditEvent.occurred_at >= local_midnight(form.date_from.data))
    if form.date_to.data and not form.date_to.errors:
        end = local_midnight(form.date_to.data + timedelta(days=1))
        where.append(AuditEvent.occurred_at < end)
    return where


def chosen_filters(form: AuditFilterForm) -> dict:
    """Return the valid filters as short strings, to audit the download."""
    return {f.name: str(f.data)[:100] for f in form if f.data not in (None, "") and not f.errors}


def page_of_events(where, page: int, per_page: int = PER_PAGE):
    """Return (events of the page, whether an older page exists): one query."""
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(*where)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    return events[:per_page], len(events) > per_page


# --- CSV ----------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Return text a spreadsheet shows as text: a leading formula character gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(where, when):
    """Yield the CSV (UTF-8 with a byte-order mark for Excel), batch by batch of events.

    when(event) formats the time in the reader's time zone and language.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([_("When"), _("Who"), _("What happened"), _("Details"), _("Address")])
    last = None
    while True:
        stmt = sa.select(AuditEvent).where(*where)
        if last is not None:
            stmt = stmt.where(
                sa.or_(
                    AuditEvent.occurred_at < last.occurred_at,
                    sa.and_(AuditEvent.occurred_at == last.occurred_at, AuditEvent.id < last.id),
                )
            )
        events = db.session.scalars(
            stmt.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(CSV_CHUNK)
        ).all()
        if not events:
            break
        names = Names(events)
        for e in events:
            writer.writerow(
                [
                    safe_cell(x)
                    for x in (
                        when(e),
                        names.person(e.actor_id) if e.actor_id is not None else "",
                        sentence(e, names),
                        details_text(e, names),
                        e.ip_address or "",
                    )
                ]
            )
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        last = events[-1]
        if len(events) < CSV_CHUNK:
            break
    yield out.getvalue()
