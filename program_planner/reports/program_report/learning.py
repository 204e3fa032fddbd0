"""The learning loop: while proposing a program, see how similar past programs did.

Similar means the same program type, or sharing a target group with the program being written
(its saved groups, and the group being chosen on the target group form);
only programs that ran (delivered, evaluated, closed) count. The template global
similar_programs() is called by reports/_learning.html, which the proposal's basics page
includes; it issues a fixed number of queries whatever the number of programs or responses.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload

from program_planner.evaluation.models import Answer, Debrief, Question, Response, ResponseKind
from program_planner.extensions import db
from program_planner.planning.models import ProgramTargetGroup
from program_planner.programs.models import Program, ProgramType, Status
from program_planner.reports import bp
from program_planner.reports.attainment import MET, attainment, reach_totals
from program_planner.web import parse_id

MAX_GROUPS = 20  # target groups a panel request may name
LEARNING_STATUSES = (Status.DELIVERED, Status.EVALUATED, Status.CLOSED)
MAX_SIMILAR = 5
SATISFACTION_CODE = "satisfaction"


@dataclass
class PastProgram:
    """A past program with what it achieved and what its people would change."""

    program: Program
    same_type: bool
    shared_group: bool
    sessions_reported: int = 0
    headcount: int = 0
    satisfaction: float | None = None
    satisfaction_n: int = 0
    met: int = 0
    objectives: int = 0
    advice: list = field(default_factory=list)  # [(kind label or "lessons", text)]


def chosen_groups(values) -> list[int]:
    """Return the target group ids a request names: valid ids only, at most MAX_GROUPS."""
    return [i for i in (parse_id(v) for v in values[:MAX_GROUPS]) if i]


def _program_type(value) -> ProgramType | None:
    try:
        return ProgramType(value) if value else None
    except ValueError:
        return None


def _shared_group(program_id, group_ids):
    """Return 1 when a program shares a target group with program_id's saved groups or group_ids."""
    if program_id is None and not group_ids:
        return sa.literal(0)
    mine, theirs = aliased(ProgramTargetGroup), aliased(ProgramTargetGroup)
    chosen = []
    if program_id is not None:
        saved = sa.select(mine.target_group_id).where(mine.program_id == program_id)
        chosen.append(theirs.target_group_id.in_(saved))
    if group_ids:
        chosen.append(theirs.target_group_id.in_(list(group_ids)))
    shares = sa.exists().where(theirs.program_id == Program.id, sa.or_(*chosen))
    return sa.case((shares.correlate(Program), 1), else_=0)


def _candidates(program_type, program_id, group_ids=()):
    """Return [(Program, same_type, shared_group)], most similar and most recent first."""
    same_type = (
        sa.case((Program.program_type == program_type, 1), else_=0)
        if program_type is not None
        else sa.literal(0)
    )
    shared = _shared_group(program_id, group_ids)
    stmt = (
        sa.select(Program, same_type.label("same_type"), shared.label("shared"))
        .options(joinedload(Program.branch))
        .where(Program.status.in_(LEARNING_STATUSES))
        .order_by((same_type + shared).desc(), Program.fiscal_year.desc(), Program.id.desc())
        .limit(MAX_SIMILAR)
    )
    if program_id is not None:
        stmt = stmt.where(Program.id != program_id)
    if program_type is not None or program_id is not None or group_ids:
        stmt = stmt.where(sa.or_(same_type == 1, shared == 1))
    return db.session.execute(stmt).all()


def _satisfaction(ids) -> dict:
    rows = db.session.execute(
        sa.select(Response.program_id, sa.func.avg(Answer.value_number), sa.func.count(Answer.id))
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Response.program_id.in_(ids),
            Response.kind == ResponseKind.IMMEDIATE,
            Question.code == SATISFACTION_CODE,
            Answer.value_number.is_not(None),
        )
        .group_by(Response.program_id)
    )
    return {pid: (float(mean), n) for pid, mean, n in rows if n}


def _advice(ids) -> dict:
    rows = db.session.execute(
        sa.select(Debrief.program_id, Debrief.kind, Debrief.what_to_change, Debrief.lessons_learned)
        .where(
            Debrief.program_id.in_(ids),
            sa.or_(Debrief.what_to_change != "", Debrief.lessons_learned != ""),
        )
        .order_by(Debrief.program_id, Debrief.kind, Debrief.id)
    )
    advice = {}
    for pid, kind, change, lessons in rows:
        for text in (change, lessons):
            if text and text.strip():
                advice.setdefault(pid, []).append((kind.label, text.strip()))
    return advice


@bp.app_template_global("similar_programs")
def similar_programs(program_type=None, program_id=None, group_ids=()) -> list[PastProgram]:
    """Return up to five past programs like this one (its saved target groups plus group_ids)."""
    rows = _candidates(_program_type(program_type), program_id, tuple(group_ids))
    if not rows:
        return []
    ids = [program.id for program, _same, _shared in rows]
    reach = reach_totals(ids)
    satisfaction = _satisfaction(ids)
    results = attainment(ids)
    advice = _advice(ids)
    past = []
    for program, same, shared in rows:
        sessions, headcount, _first = reach.get(program.id, (0, 0, 0))
        mean, n = satisfaction.get(program.id, (None, 0))
        verdicts = [r.verdict for r in results[program.id]]
        items = advice.get(program.id, [])
        if program.lessons_learned and program.lessons_learned.strip():
            items = [*items, (None, program.lessons_learned.strip())]
        past.append(
            PastProgram(
                program=program,
                same_type=bool(same),
                shared_group=bool(shared),
                sessions_reported=sessions,
                headcount=headcount,
                satisfaction=mean,
                satisfaction_n=n,
                met=verdicts.count(MET),
                objectives=len(verdicts),
                advice=items,
            )
        )
    return past
