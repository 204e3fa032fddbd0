"""Program rules: create, change the basics, move through the lifecycle, list and load."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from program_planner.audit.service import record
from program_planner.auth.models import Branch, User
from program_planner.catalogues import CatalogueError
from program_planner.db import locked, utcnow
from program_planner.extensions import db
from program_planner.notifications import handoffs
from program_planner.programs.filters import FILTERS
from program_planner.programs.lifecycle import LifecycleError, transition_for
from program_planner.programs.models import Program, Status, StatusChange, StrategicGoal
from program_planner.programs.sections import ordered_sections

PAGE_SIZE = 25
BASICS_FIELDS = (
    "title",
    "description",
    "title_fr",
    "description_fr",
    "program_type",
    "delivery_mode",
    "languages",
    "community_need",
    "need_evidence",
    "fiscal_year",
)


class PermissionDenied(Exception):
    """The person may not do this to this program."""


def active_goals():
    """Return the strategic goals programs can align with, by name."""
    return db.session.scalars(
        sa.select(StrategicGoal).where(StrategicGoal.active.is_(True)).order_by(StrategicGoal.name)
    ).all()


def active_branches():
    """Return the open branches, by name."""
    return db.session.scalars(
        sa.select(Branch).where(Branch.active.is_(True)).order_by(Branch.name)
    ).all()


def _apply_basics(program: Program, data: dict) -> None:
    for name in BASICS_FIELDS:
        value = data[name]
        setattr(program, name, value.strip() if isinstance(value, str) else value)
    program.branch_id = data["branch_id"]
    wanted = set(data.get("strategic_goals") or [])
    program.strategic_goals = [g for g in active_goals() if g.id in wanted] + [
        g for g in program.strategic_goals if g.id in wanted and not g.active
    ]


def create_program(owner: User, data: dict) -> Program:
    """Start a draft program owned by owner."""
    program = Program(owner_id=owner.id, status=Status.DRAFT, strategic_goals=[])
    _apply_basics(program, data)
    db.session.add(program)
    db.session.flush()
    program.history.append(
        StatusChange(from_status=None, to_status=Status.DRAFT, action="create", actor_id=owner.id)
    )
    record("program_created", actor=owner, obj=program, title=program.title)
    return program


def update_basics(program: Program, data: dict) -> None:
    """Change a program's basics (the view checked permission and version)."""
    _apply_basics(program, data)
    db.session.flush()


def readiness_problems(program: Program, action: str) -> list[str]:
    """Return what keeps the program from this action, asked of every section."""
    problems = []
    for section in ordered_sections():
        if section.readiness:
            data = section.load([program]).get(program.id)
            problems.extend(section.readiness(program, data, action))
    return problems


def apply_transition(user: User, program: Program, action: str, comment: str = "") -> None:
    """Move the program along the lifecycle, recording who, when and why."""
    transition = transition_for(action)
    if program.status not in transition.sources:
        raise LifecycleError(
            _(
                "A program that is “%(status)s” cannot be “%(action)s”.",
                status=program.status.label,
                action=transition.label,
            )
        )
    if not transition.allowed(user, program):
        raise PermissionDenied(action)
    comment = (comment or "").strip()
    if transition.comment_required and not comment:
        raise LifecycleError(_("Please add a comment explaining why."))
    problems = readiness_problems(program, action)
    if problems:
        raise LifecycleError(" ".join(problems))
    now = utcnow()
    previous = program.status
    program.status = transition.target
    if transition.target == Status.SUBMITTED:
        program.submitted_at = now
    if transition.target == Status.APPROVED:
        program.approved_at, program.approved_by_id = now, user.id
    db.session.add(
        StatusChange(
            program_id=program.id,
            from_status=previous,
            to_status=transition.target,
            action=action,
            actor_id=user.id,
            occurred_at=now,
            comment=comment,
        )
    )
    record(
        f"program_{action}",
        actor=user,
        obj=program,
        old=previous.value,
        new=transition.target.value,
        comment=comment[:500],
    )
    db.session.flush()
    handoffs.program_transition(user, program, action, comment)


BULK_MAX = 100  # programs approved in one request


@dataclass
class BulkOutcome:
    """What happened to one program of a bulk action."""

    program_id: int
    title: str
    done: bool
    message: str


def parse_selection(values) -> list[tuple[int, int | None]]:
    """Return (program id, version seen) of the list's ticked boxes ("id:version"), in id order."""
    selected = {}
    for value in values:
        head, _sep, tail = str(value).partition(":")
        if head.isdigit() and len(head) < 10:
            selected[int(head)] = int(tail) if tail.isdigit() and len(tail) < 10 else None
    return sorted(selected.items())


def approve_selected(user, selection) -> list[BulkOutcome]:
    """Approve each selected program the lifecycle allows; say for each what happened.

    The programs are locked in id order; one that changed since the list was shown, is not
    submitted, or is not ready is left as it is with the reason.
    """
    wanted = dict(selection[:BULK_MAX])
    programs = db.session.scalars(
        locked(sa.select(Program).where(Program.id.in_(list(wanted))).order_by(Program.id))
    ).all()
    outcomes = []
    for program in programs:
        seen = wanted[program.id]
        try:
            if seen is not None and seen != program.version:
                raise LifecycleError(
                    _("It changed since the list was shown; open it and review it again.")
                )
            apply_transition(user, program, "approve")
        except LifecycleError as error:
            outcomes.append(BulkOutcome(program.id, program.title, False, str(error)))
        except PermissionDenied:
            outcomes.append(
                BulkOutcome(
                    program.id, program.title, False, _("You may not approve this program.")
                )
            )
        else:
            outcomes.append(BulkOutcome(program.id, program.title, True, ""))
    return outcomes


@dataclass
class ProgramPage:
    """Everything the program page shows, loaded in a fixed number of queries."""

    program: Program
    history: list
    sections: list  # [(Section, data)]


def load_program_page(program_id: int, user) -> ProgramPage | None:
    """Load a program with its basics, history and every visible section."""
    program = db.session.scalar(
        sa.select(Program)
        .where(Program.id == program_id)
        .options(
            joinedload(Program.branch),
            joinedload(Program.owner),
            joinedload(Program.approved_by),
            selectinload(Program.strategic_goals),
        )
    )
    if program is None:
        return None
    history = db.session.scalars(
        sa.select(StatusChange)
        .where(StatusChange.program_id == program.id)
        .options(joinedload(StatusChange.actor))
        .order_by(StatusChange.id)
    ).all()
    sections = [
        (s, s.load([program]).get(program.id))
        for s in ordered_sections()
        if s.visible(user, program)
    ]
    return ProgramPage(program, history, sections)


def list_programs(form, page: int):
    """Return a page of programs matching the list's filters, with branch and owner."""

    def given(field):
        """A filter applies when it has a valid value (invalid ones are shown and ignored)."""
        return bool(field.data) and not field.errors

    stmt = sa.select(Program).options(joinedload(Program.branch), joinedload(Program.owner))
    if given(form.q):
        like = f"%{form.q.data.strip().lower()}%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Program.title).like(like),
                sa.func.lower(Program.description).like(like),
            )
        )
    if given(form.status):
        stmt = stmt.where(Program.status == Status(form.status.data))
    if given(form.branch):
        stmt = stmt.where(Program.branch_id == int(form.branch.data))
    if given(form.program_type):
        stmt = stmt.where(Program.program_type == form.program_type.data)
    for list_filter in FILTERS.values():
        if given(getattr(form, list_filter.key)):
            stmt = list_filter.apply(stmt, form)
    stmt = stmt.order_by(Program.updated_at.desc(), Program.id.desc())
    return db.paginate(stmt, page=page, per_page=PAGE_SIZE, error_out=False)


def save_lessons(program: Program, text: str) -> None:
    """Keep what the programmer learned, for similar programs later."""
    program.lessons_learned = (text or "").strip()
    db.session.flush()


def save_strategic_goal(goal: StrategicGoal | None, form) -> StrategicGoal:
    """Create or change a strategic goal; names stay unique."""
    name = form.name.data.strip()
    clash = db.session.scalar(
        sa.select(StrategicGoal.id).where(
            sa.func.lower(StrategicGoal.name) == name.lower(),
            StrategicGoal.id != (goal.id if goal else 0),
        )
    )
    if clash:
        raise CatalogueError(_("A goal with this name already exists."), "name")
    if goal is None:
        goal = StrategicGoal()
        db.session.add(goal)
    goal.name, goal.description, goal.active = name, form.description.data or "", form.active.data
    db.session.flush()
    return goal


def all_strategic_goals():
    """Return every strategic goal, current ones first."""
    return db.session.scalars(
        sa.select(StrategicGoal).order_by(StrategicGoal.active.desc(), StrategicGoal.name)
    ).all()
