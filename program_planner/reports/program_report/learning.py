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


def _in_chosen_groups(program_id, group_ids):
    """Return "a target group row is one of the chosen groups" (program_id's saved groups and
    group_ids) as SQL, or None when nothing is chosen."""
    mine = aliased(ProgramTargetGroup)
    chosen = []
    if program_id is not None:
        saved = sa.select(mine.target_group_id).where(mine.program_id == program_id)
        chosen.append(ProgramTargetGroup.target_group_id.in_(saved))
    if group_ids:
        chosen.append(ProgramTargetGroup.target_group_id.in_(list(group_ids)))
    return sa.or_(*chosen) if chosen else None


def _candidates(program_type, program_id, group_ids=()):
    """Return [(Program, same_type, shared_group)], most similar and most recent first.

    Each kind of match (type and group, type only, group only) brings its five most recent
    programs in its own indexed query, so no query scores every past program; merged, they give
    the order one ranking of all of them would.
    """
    base = sa.select(Program).where(Program.status.in_(LEARNING_STATUSES))
    if program_id is not None:
        base = base.where(Program.id != program_id)
    in_groups = _in_chosen_groups(program_id, group_ids)
    sharing = (  # correlated, so the newest programs are checked first and the scan stops at 5
        sa.exists().where(ProgramTargetGroup.program_id == Program.id, in_groups)
        if in_groups is not None
        else None
    )
    typed = Program.program_type == program_type if program_type is not None else None
    asks = [c for c in (typed, sharing) if c is not None]
    if len(asks) == 2:
        asks.append(sa.and_(typed, sharing))
    found = {}
    for condition in asks or [sa.true()]:
        stmt = base.where(condition).options(joinedload(Program.branch))
        stmt = stmt.order_by(Program.fiscal_year.desc(), Program.id.desc()).limit(MAX_SIMILAR)
        found.update((p.id, p) for p in db.session.scalars(stmt))
    shared = set()
    if found and in_groups is not None:
        of_found = ProgramTargetGroup.program_id.in_(list(found))
        shared = set(
            db.session.scalars(sa.select(ProgramTargetGroup.program_id).where(of_found, in_groups))
        )
    rows = [(p, int(p.program_type == program_type), int(p.id in shared)) for p in found.values()]
    rows.sort(key=lambda r: (-(r[1] + r[2]), -r[0].fiscal_year, -r[0].id))
    return rows[:MAX_SIMILAR]


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
