"""Rules of the needs register and of consultations: save, record history, list, load.

Services take plain arguments, change objects, flush and never commit; the views commit.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from program_planner.auth import permissions as perm
from program_planner.auth.models import Branch, User
from program_planner.community.models import (
    OPEN_STATUSES,
    Consultation,
    ConsultationReach,
    ConsultationType,
    FollowUpAction,
    Need,
    NeedChange,
    NeedEvidence,
    NeedPriority,
    NeedStatus,
    ProgramNeed,
    consultation_needs,
    consultation_organisations,
)
from program_planner.db import locked
from program_planner.extensions import db
from program_planner.people.models import Organisation
from program_planner.planning.models import TargetGroup, group_name
from program_planner.programs.items import ItemError
from program_planner.programs.models import INACTIVE_STATUSES, Program, Status, StrategicGoal
from program_planner.venues.models import Venue

# A program answering a need puts it in hand once it is proposed for real
ADDRESSING_STATUSES = (
    Status.SUBMITTED,
    Status.APPROVED,
    Status.SCHEDULED,
    Status.DELIVERED,
    Status.EVALUATED,
    Status.CLOSED,
)
DELIVERED_STATUSES = (Status.DELIVERED, Status.EVALUATED, Status.CLOSED)


# Higher areas (reports) register how a program turned out: fn(program_ids) -> {id: text}
PROGRAM_OUTCOMES: list = []


def register_program_outcomes(fn) -> None:
    """Let a higher area say, per program, how it did (e.g. its objectives' verdicts)."""
    if fn not in PROGRAM_OUTCOMES:
        PROGRAM_OUTCOMES.append(fn)


def program_outcomes(program_ids) -> dict:
    """Return {program_id: [text]} from every registered area, in a fixed number of queries."""
    out = defaultdict(list)
    if not program_ids:
        return out
    for fn in PROGRAM_OUTCOMES:
        for program_id, text in fn(sorted(set(program_ids))).items():
            out[program_id].append(text)
    return out


class CommunityError(Exception):
    """A rule refused the change; field names the form field to show the message at."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


# --- Choices --------------------------------------------------------------------------------
def branch_choices():
    rows = db.session.execute(
        sa.select(Branch.id, Branch.name).where(Branch.active).order_by(Branch.name)
    )
    return [(r.id, r.name) for r in rows]


def group_choices():
    """Return the current target groups as (id, name in the reader's language)."""
    rows = db.session.execute(
        sa.select(TargetGroup.id, TargetGroup.name, TargetGroup.name_fr)
        .where(TargetGroup.active)
        .order_by(TargetGroup.name)
    )
    return [(r.id, group_name(r.name, r.name_fr)) for r in rows]


def staff_choices():
    rows = db.session.execute(
        sa.select(User.id, User.full_name).where(User.active).order_by(User.full_name)
    )
    return [(r.id, r.full_name) for r in rows]


def _goal_choices():
    rows = db.session.execute(
        sa.select(StrategicGoal.id, StrategicGoal.name)
        .where(StrategicGoal.active)
        .order_by(StrategicGoal.name)
    )
    return [(r.id, r.name) for r in rows]


def _keep_current(choices, current):
    """Add the rows an entry already holds to choices (an inactive group stays ticked)."""
    known = {value for value, _label in choices}
    return choices + [
        (row.id, getattr(row, "label", str(row))) for row in current if row.id not in known
    ]


# --- Needs ----------------------------------------------------------------------------------
def prepare_need_form(form, user, need: Need | None) -> None:
    """Give the need form its choices; only reviewers set priority and status."""
    groups = need.target_groups if need else []
    goals = need.strategic_goals if need else []
    form.target_group_ids.choices = _keep_current(group_choices(), groups)
    form.goal_ids.choices = _keep_current(_goal_choices(), goals)
    form.branch_id.choices = [(None, _("The whole library system")), *branch_choices()]
    form.owner_id.choices = [(None, _("— nobody yet —")), *staff_choices()]
    if not perm.can_set_need_priority(user):
        del form.priority
        del form.status
        del form.status_reason
    if need is not None and not form.is_submitted():
        form.target_group_ids.data = [g.id for g in need.target_groups]
        form.goal_ids.data = [g.id for g in need.strategic_goals]
    if need is None and not form.is_submitted():
        form.owner_id.data = user.id


def _names(rows) -> str:
    return ", ".join(sorted(str(r) for r in rows))[:500]


def _change(need, user, field, old, new, comment=""):
    if old != new:
        db.session.add(
            NeedChange(
                need_id=need.id,
                field=field,
                from_value=(old or "")[:500],
                to_value=(new or "")[:500],
                actor_id=user.id if user else None,
                comment=comment[:500],
            )
        )


def save_need(need: Need | None, form, user) -> Need:
    """Create or change a need from the form, recording each change (who, when, from → to)."""
    created = need is None
    if created:
        need = Need(created_by_id=user.id, status=NeedStatus.IDENTIFIED)
        db.session.add(need)
    before = {
        "statement": need.statement,
        "branch": str(need.branch) if need.branch else "",
        "owner": need.owner.full_name if need.owner else "",
        "target_groups": _names(need.target_groups) if not created else "",
        "strategic_goals": _names(need.strategic_goals) if not created else "",
        "priority": str(need.priority or ""),
        "status": str(need.status or ""),
    }
    need.statement = form.statement.data.strip()
    need.details = (form.details.data or "").strip()
    need.branch_id = form.branch_id.data
    need.owner_id = form.owner_id.data
    need.target_groups = _rows(TargetGroup, form.target_group_ids.data)
    need.strategic_goals = _rows(StrategicGoal, form.goal_ids.data)
    if form.priority is not None:
        need.priority = NeedPriority(form.priority.data)
        need.status = NeedStatus(form.status.data)
        need.status_reason = (form.status_reason.data or "").strip()
    db.session.flush()
    db.session.refresh(need, ["branch", "owner"])
    if created:
        _change(need, user, "created", "", need.statement)
    else:
        after = {
            "statement": need.statement,
            "branch": str(need.branch) if need.branch else "",
            "owner": need.owner.full_name if need.owner else "",
            "target_groups": _names(need.target_groups),
            "strategic_goals": _names(need.strategic_goals),
            "priority": str(need.priority),
            "status": str(need.status),
        }
        for field, old in before.items():
            comment = need.status_reason if field == "status" else ""
            _change(need, user, field, old, after[field], comment)
    if form.evidence_kind.data:
        db.session.add(
            NeedEvidence(
                need_id=need.id,
                kind=form.evidence_kind.data,
                source=(form.evidence_source.data or "").strip(),
                year=form.evidence_year.data,
                summary=(form.evidence_summary.data or "").strip(),
                added_by_id=user.id,
            )
        )
        _change(need, user, "evidence", "", form.evidence_kind.data)
    db.session.flush()
    return need


def _rows(model, ids):
    if not ids:
        return []
    return list(db.session.scalars(sa.select(model).where(model.id.in_(ids))))


@dataclass
class NeedRow:
    """A need as the register lists it, with the programs that answer it."""

    need: Need
    programs: list  # [(id, title, status)]
    outcomes: dict = None  # {program_id: [text]}

    @property
    def shown(self) -> list:
        """The programs the register names (the newest few; the need's page lists all)."""
        return self.programs[-PROGRAMS_SHOWN:][::-1]

    @property
    def more(self) -> int:
        return max(len(self.programs) - PROGRAMS_SHOWN, 0)

    @property
    def answered(self) -> bool:
        return any(status not in INACTIVE_STATUSES for _i, _t, status in self.programs)

    @property
    def delivered(self) -> int:
        return sum(1 for _i, _t, status in self.programs if status in DELIVERED_STATUSES)


NEEDS_PAGE_SIZE = 25
PROGRAMS_SHOWN = 3  # programs named per need in the register (every one on the need's page)


def list_needs(status=None, branch_id=None, unanswered=False, page=1):
    """Return (a page of the register's needs, filtered, each with its programs; the
    pagination): a fixed number of queries at any size."""
    stmt = (
        sa.select(Need)
        .options(selectinload(Need.target_groups), sa.orm.joinedload(Need.branch))
        .options(sa.orm.joinedload(Need.owner))
        .order_by(Need.priority, Need.id)
    )
    if status:
        stmt = stmt.where(Need.status == NeedStatus(status))
    if branch_id:
        stmt = stmt.where(sa.or_(Need.branch_id == branch_id, Need.branch_id.is_(None)))
    if unanswered:
        answered = (
            sa.select(ProgramNeed.need_id)
            .join(Program, Program.id == ProgramNeed.program_id)
            .where(Program.status.not_in(INACTIVE_STATUSES))
        )
        stmt = stmt.where(Need.status.in_(OPEN_STATUSES), Need.id.not_in(answered))
    pagination = db.paginate(stmt, page=page, per_page=NEEDS_PAGE_SIZE, error_out=False)
    needs = list(pagination.items)
    programs = programs_of_needs([n.id for n in needs])
    outcomes = program_outcomes([pid for rows in programs.values() for pid, _t, _s in rows])
    return [NeedRow(n, programs.get(n.id, []), outcomes) for n in needs], pagination


def programs_of_needs(need_ids) -> dict:
    """Return {need_id: [(program id, title, status)]} in one query."""
    out = defaultdict(list)
    if not need_ids:
        return out
    rows = db.session.execute(
        sa.select(ProgramNeed.need_id, Program.id, Program.title, Program.status)
        .join(Program, Program.id == ProgramNeed.program_id)
        .where(ProgramNeed.need_id.in_(need_ids))
        .order_by(Program.id)
    )
    for r in rows:
        out[r.need_id].append((r.id, r.title, r.status))
    return out


@dataclass
class NeedPage:
    need: Need
    evidence: list
    history: list
    programs: list
    consultations: list
    outcomes: dict


def load_need_page(need_id: int) -> NeedPage | None:
    """Load a need with its evidence, history, programs and consultations."""
    need = db.session.get(Need, need_id)
    if need is None:
        return None
    evidence = list(
        db.session.scalars(
            sa.select(NeedEvidence).where(NeedEvidence.need_id == need_id).order_by(NeedEvidence.id)
        )
    )
    history = list(
        db.session.scalars(
            sa.select(NeedChange)
            .options(sa.orm.joinedload(NeedChange.actor))
            .where(NeedChange.need_id == need_id)
            .order_by(NeedChange.id.desc())
        )
    )
    consultations = list(
        db.session.scalars(
            sa.select(Consultation)
            .join(consultation_needs)
            .where(consultation_needs.c.need_id == need_id)
            .order_by(Consultation.held_on.desc())
        )
    )
    programs = programs_of_needs([need_id]).get(need_id, [])
    outcomes = program_outcomes([pid for pid, _t, _s in programs])
    return NeedPage(need, evidence, history, programs, consultations, outcomes)


def address_needs(program_id: int, actor_id, session: Session | None = None) -> None:
    """Move the needs a proposed program answers from identified to being addressed."""
    session = session or db.session
    with session.no_autoflush:
        needs = session.scalars(
            locked(
                sa.select(Need)
                .join(ProgramNeed, ProgramNeed.need_id == Need.id)
                .where(ProgramNeed.program_id == program_id)
                .where(Need.status == NeedStatus.IDENTIFIED)
                .order_by(Need.id)
            )
        ).all()
    for need in needs:
        need.status = NeedStatus.BEING_ADDRESSED
        session.add(
            NeedChange(
                need_id=need.id,
                field="status",
                from_value=NeedStatus.IDENTIFIED.value,
                to_value=NeedStatus.BEING_ADDRESSED.value,
                actor_id=actor_id,
                comment=f"program:{program_id}",
            )
        )


def _on_flush(session, _context, _instances):
    """A program submitted or approved puts the needs it answers in hand (any path)."""
    from program_planner.programs.models import StatusChange

    for obj in list(session.new):
        if isinstance(obj, StatusChange) and obj.to_status in (Status.SUBMITTED, Status.APPROVED):
            address_needs(obj.program_id, obj.actor_id, session)


def register_need_tracking() -> None:
    """Listen to db.session's flushes for programs being proposed (once per process)."""
    if not sa.event.contains(db.session, "before_flush", _on_flush):
        sa.event.listen(db.session, "before_flush", _on_flush)


# --- Programs answering needs ---------------------------------------------------------------
def need_choices_for(program: Program, current: ProgramNeed | None):
    """Open needs of the program's branch or of the whole system (plus the one linked)."""
    rows = db.session.execute(
        sa.select(Need.id, Need.statement)
        .where(Need.status.in_(OPEN_STATUSES))
        .where(sa.or_(Need.branch_id.is_(None), Need.branch_id == program.branch_id))
        .order_by(Need.statement)
    )
    choices = [(r.id, r.statement) for r in rows]
    if current is not None and current.need_id not in {c[0] for c in choices}:
        choices.append((current.need_id, current.need.statement))
    return choices


def prepare_program_need_form(form, program, item) -> None:
    form.need_id.choices = [(None, _("— choose a need —")), *need_choices_for(program, item)]


def save_program_need(program: Program, item: ProgramNeed | None, form) -> ProgramNeed:
    """Link the program to a need of the register (once per need)."""
    taken = db.session.scalar(
        sa.select(ProgramNeed.id).where(
            ProgramNeed.program_id == program.id,
            ProgramNeed.need_id == form.need_id.data,
            ProgramNeed.id != (item.id if item else 0),
        )
    )
    if taken:
        raise ItemError(_("The program already answers this need."), "need_id")
    if item is None:
        item = ProgramNeed(program_id=program.id)
        db.session.add(item)
    item.need_id = form.need_id.data
    item.how = (form.how.data or "").strip()
    db.session.flush()
    if program.status in ADDRESSING_STATUSES:
        from flask_login import current_user

        address_needs(program.id, getattr(current_user, "id", None))
        db.session.flush()
    return item


def load_program_needs(programs) -> dict:
    """Return {program_id: [(ProgramNeed, [evidence])]} in two queries."""
    ids = [p.id for p in programs]
    links = list(
        db.session.scalars(
            sa.select(ProgramNeed).where(ProgramNeed.program_id.in_(ids)).order_by(ProgramNeed.id)
        )
    )
    evidence = defaultdict(list)
    if links:
        for row in db.session.scalars(
            sa.select(NeedEvidence)
            .where(NeedEvidence.need_id.in_({link.need_id for link in links}))
            .order_by(NeedEvidence.id)
        ):
            evidence[row.need_id].append(row)
    out = defaultdict(list)
    for link in links:
        out[link.program_id].append((link, evidence[link.need_id]))
    return out


# --- Consultations --------------------------------------------------------------------------
def prepare_consultation_form(form, user, consultation: Consultation | None) -> None:
    """Give the consultation form its choices; frontline staff log pop-up counts only."""
    if not perm.can_log_any_consultation(user):
        form.kind.choices = [(ConsultationType.POP_UP.value, ConsultationType.POP_UP.label)]
    form.branch_id.choices = [(None, _("— choose —")), *branch_choices()]
    venues = db.session.execute(
        sa.select(Venue.id, Venue.name).where(Venue.active).order_by(Venue.name)
    )
    form.venue_id.choices = [(None, _("— none —")), *((v.id, v.name) for v in venues)]
    organisations = db.session.execute(
        sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)
    )
    form.organisation_ids.choices = [(o.id, o.name) for o in organisations]
    needs = db.session.execute(
        sa.select(Need.id, Need.statement)
        .where(Need.status.in_(OPEN_STATUSES))
        .order_by(Need.statement)
    )
    current = consultation.needs if consultation else []
    form.need_ids.choices = _keep_current([(n.id, n.statement) for n in needs], current)
    staff = [(None, _("— nobody —")), *staff_choices()]
    for entry in form.actions:
        entry.form.owner_id.choices = staff
    if form.is_submitted():
        return
    if consultation is None:
        form.branch_id.data = user.branch_id
        return
    form.organisation_ids.data = [o.id for o in consultation.organisations]
    form.need_ids.data = [n.id for n in consultation.needs]
    counts = {r.target_group_id: r.people for r in consultation.reach}
    for group_id, field in form.reach_fields():
        field.data = counts.get(group_id)
    for entry, action in zip(form.actions, consultation.actions, strict=False):
        entry.form.action.data = action.action
        entry.form.owner_id.data = action.owner_id
        entry.form.due_on.data = action.due_on


def save_consultation(consultation: Consultation | None, form, user) -> Consultation:
    """Create or change a consultation: counts by group, partners, needs, follow-up actions."""
    kind = ConsultationType(form.kind.data)
    if kind != ConsultationType.POP_UP and not perm.can_log_any_consultation(user):
        raise CommunityError(_("You may record pop-up conversations only."), "kind")
    if form.branch_id.data is None:
        raise CommunityError(_("Choose the branch that held it."), "branch_id")
    if consultation is None:
        consultation = Consultation(created_by_id=user.id)
        db.session.add(consultation)
    consultation.kind = kind
    consultation.title = form.title.data.strip()
    consultation.held_on = form.held_on.data
    consultation.branch_id = form.branch_id.data
    consultation.venue_id = form.venue_id.data
    consultation.place = (form.place.data or "").strip()
    consultation.people_total = form.people_total.data
    consultation.library_users = form.library_users.data or 0
    consultation.non_users = form.non_users.data or 0
    consultation.heard = (form.heard.data or "").strip()
    consultation.organisations = _rows(Organisation, form.organisation_ids.data)
    consultation.needs = _rows(Need, form.need_ids.data)
    counts = {gid: f.data for gid, f in form.reach_fields() if f.data}
    existing = {r.target_group_id: r for r in consultation.reach}
    for gid, reach in existing.items():
        if gid not in counts:
            consultation.reach.remove(reach)
    for gid, people in counts.items():
        if gid in existing:
            existing[gid].people = people
        else:
            consultation.reach.append(ConsultationReach(target_group_id=gid, people=people))
    consultation.actions.clear()
    for entry in form.actions:
        text = (entry.form.action.data or "").strip()
        if text:
            consultation.actions.append(
                FollowUpAction(
                    action=text, owner_id=entry.form.owner_id.data, due_on=entry.form.due_on.data
                )
            )
    db.session.flush()
    return consultation


def list_consultations(limit=200) -> list[Consultation]:
    """Return the latest consultations with their branch and counts: three queries."""
    return list(
        db.session.scalars(
            sa.select(Consultation)
            .options(sa.orm.joinedload(Consultation.branch))
            .options(selectinload(Consultation.reach))
            .order_by(Consultation.held_on.desc(), Consultation.id.desc())
            .limit(limit)
        ).unique()
    )


def load_consultation(consultation_id: int) -> Consultation | None:
    return db.session.scalar(
        sa.select(Consultation)
        .options(
            selectinload(Consultation.reach),
            selectinload(Consultation.needs),
            selectinload(Consultation.organisations),
            selectinload(Consultation.actions).joinedload(FollowUpAction.owner),
        )
        .where(Consultation.id == consultation_id)
    )


# --- Partners as relationships --------------------------------------------------------------
QUIET_DAYS = 365


@dataclass
class PartnerRow:
    """An organisation with when we last worked with it, in a program or a consultation."""

    organisation: Organisation
    programs: int
    consultations: int
    last_program: date | None
    last_consultation: date | None

    @property
    def last_engaged(self) -> date | None:
        dates = [d for d in (self.last_program, self.last_consultation) if d]
        return max(dates) if dates else None


def _program_day(program_alias=Program):
    """A program's date as a partner engagement: approved, else created."""
    return sa.func.coalesce(program_alias.approved_at, program_alias.created_at)


def list_partners(quiet_only=False, today: date | None = None) -> list[PartnerRow]:
    """Return every organisation with its engagement counts and dates: three queries."""
    from program_planner.people.models import ProgramPartner

    today = today or date.today()
    programs = {
        r.organisation_id: (r.n, r.last)
        for r in db.session.execute(
            sa.select(
                ProgramPartner.organisation_id,
                sa.func.count(sa.distinct(ProgramPartner.program_id)).label("n"),
                sa.func.max(_program_day()).label("last"),
            )
            .join(Program, Program.id == ProgramPartner.program_id)
            .where(Program.status.not_in(INACTIVE_STATUSES))
            .group_by(ProgramPartner.organisation_id)
        )
    }
    consultations = {
        r.organisation_id: (r.n, r.last)
        for r in db.session.execute(
            sa.select(
                consultation_organisations.c.organisation_id,
                sa.func.count(Consultation.id).label("n"),
                sa.func.max(Consultation.held_on).label("last"),
            )
            .join(Consultation, Consultation.id == consultation_organisations.c.consultation_id)
            .group_by(consultation_organisations.c.organisation_id)
        )
    }
    rows = []
    for org in db.session.scalars(sa.select(Organisation).order_by(Organisation.name)):
        n_programs, last_program = programs.get(org.id, (0, None))
        n_consultations, last_consultation = consultations.get(org.id, (0, None))
        if isinstance(last_program, datetime):
            last_program = last_program.date()
        elif isinstance(last_program, str):  # SQLite hands back a function's result as text
            last_program = date.fromisoformat(last_program[:10])
        if isinstance(last_consultation, str):
            last_consultation = date.fromisoformat(last_consultation[:10])
        row = PartnerRow(org, n_programs, n_consultations, last_program, last_consultation)
        if quiet_only and row.last_engaged and row.last_engaged > today - timedelta(QUIET_DAYS):
            continue
        rows.append(row)
    return rows


@dataclass
class PartnerPage:
    organisation: Organisation
    roles: list  # [(ProgramPartner, Program)]
    consultations: list


def load_partner_page(organisation_id: int) -> PartnerPage | None:
    """Load an organisation with its roles in programs and the consultations it took part in."""
    from program_planner.people.models import ProgramPartner

    org = db.session.get(Organisation, organisation_id)
    if org is None:
        return None
    roles = list(
        db.session.execute(
            sa.select(ProgramPartner, Program)
            .join(Program, Program.id == ProgramPartner.program_id)
            .where(ProgramPartner.organisation_id == organisation_id)
            .order_by(_program_day().desc(), ProgramPartner.id)
        ).all()
    )
    consultations = list(
        db.session.scalars(
            sa.select(Consultation)
            .join(consultation_organisations)
            .where(consultation_organisations.c.organisation_id == organisation_id)
            .order_by(Consultation.held_on.desc())
        )
    )
    return PartnerPage(org, roles, consultations)
