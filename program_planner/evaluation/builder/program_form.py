"""A program's evaluation form: its questions in order and the objectives each one measures."""

from collections import defaultdict

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from program_planner.evaluation.builder.service import BuilderError, has_answers, move_row
from program_planner.evaluation.followup.standard import FOLLOW_UP_CODES
from program_planner.evaluation.models import (
    FormTemplate,
    ProgramQuestion,
    Question,
    TemplateQuestion,
)
from program_planner.extensions import db
from program_planner.planning.models import Objective, TargetMetric

# Judged from headcounts and first-time counts, not from answers.
HEADCOUNT_METRICS = (TargetMetric.TOTAL_ATTENDANCE, TargetMetric.FIRST_TIME_ATTENDEES)


def form_questions(program_ids: list[int]) -> dict[int, list[ProgramQuestion]]:
    """Return each program's form questions in order, questions joined, objectives loaded."""
    rows = db.session.scalars(
        sa.select(ProgramQuestion)
        .where(ProgramQuestion.program_id.in_(program_ids))
        .options(selectinload(ProgramQuestion.objectives))
        .order_by(ProgramQuestion.program_id, ProgramQuestion.position, ProgramQuestion.id)
    ).unique()
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.program_id].append(row)
    return {pid: grouped.get(pid, []) for pid in program_ids}


def program_objectives(program_ids: list[int]) -> dict[int, list[Objective]]:
    """Return each program's objectives in order."""
    rows = db.session.scalars(
        sa.select(Objective)
        .where(Objective.program_id.in_(program_ids))
        .order_by(Objective.position, Objective.id)
    )
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.program_id].append(row)
    return {pid: grouped.get(pid, []) for pid in program_ids}


def needs_a_question(objective: Objective) -> bool:
    """Whether an objective is judged from answers (not from headcounts)."""
    return objective.target_metric not in HEADCOUNT_METRICS


def load_evaluation_forms(programs) -> dict:
    """Section data for each program: questions, objectives, and objectives nothing measures."""
    ids = [p.id for p in programs]
    questions, objectives = form_questions(ids), program_objectives(ids)
    data = {}
    for pid in ids:
        measured = {o.id for pq in questions[pid] for o in pq.objectives}
        data[pid] = {
            "questions": questions[pid],
            "objectives": objectives[pid],
            "unmeasured": [
                o for o in objectives[pid] if o.id not in measured and needs_a_question(o)
            ],
        }
    return data


def load_form_question(program, program_question_id: int) -> ProgramQuestion | None:
    """Return one question of the program's form, or None."""
    pq = db.session.get(ProgramQuestion, program_question_id)
    return pq if pq is not None and pq.program_id == program.id else None


def questions_not_on_form(program_id: int) -> list[Question]:
    """Return the active bank questions the program's form does not have yet."""
    on_form = sa.select(ProgramQuestion.question_id).where(ProgramQuestion.program_id == program_id)
    return db.session.scalars(
        sa.select(Question)
        .where(
            Question.program_id.is_(None),
            Question.active.is_(True),
            Question.id.not_in(on_form),
            Question.code.not_in(FOLLOW_UP_CODES),  # asked weeks later, by the follow-up survey
        )
        .order_by(Question.standard.desc(), Question.category, Question.id)
    ).all()


def _next_position(program_id: int) -> int:
    top = db.session.scalar(
        sa.select(sa.func.max(ProgramQuestion.position)).where(
            ProgramQuestion.program_id == program_id
        )
    )
    return (top or 0) + 1


def copy_template(program, template: FormTemplate) -> int:
    """Copy a template's active questions to an empty form; return how many were copied."""
    if form_questions([program.id])[program.id]:
        raise BuilderError(
            _(
                "This form already has questions. A template can only start an empty form: "
                "add questions from the bank instead."
            )
        )
    copied = 0
    rows = db.session.scalars(
        sa.select(TemplateQuestion)
        .where(TemplateQuestion.template_id == template.id)
        .order_by(TemplateQuestion.position, TemplateQuestion.id)
    ).all()
    for tq in rows:
        if not tq.question.active:
            continue
        copied += 1
        db.session.add(
            ProgramQuestion(
                program_id=program.id,
                question_id=tq.question_id,
                position=copied,
                required=tq.required,
            )
        )
    db.session.flush()
    return copied


def add_bank_questions(program, question_ids: list[int]) -> int:
    """Append active bank questions to the program's form (skipping those on it); return count."""
    allowed = {q.id for q in questions_not_on_form(program.id)}
    position = _next_position(program.id)
    added = 0
    for question_id in question_ids:
        if question_id not in allowed:
            continue
        db.session.add(
            ProgramQuestion(program_id=program.id, question_id=question_id, position=position)
        )
        allowed.discard(question_id)
        position += 1
        added += 1
    db.session.flush()
    return added


def add_own_question(program, question: Question, required: bool = False) -> ProgramQuestion:
    """Put a question the program wrote for itself at the end of its form."""
    pq = ProgramQuestion(
        program_id=program.id,
        question_id=question.id,
        position=_next_position(program.id),
        required=required,
    )
    db.session.add(pq)
    db.session.flush()
    return pq


def remove_form_question(program, pq: ProgramQuestion) -> None:
    """Take a question off the form; refused once attendees answered it for this program."""
    if has_answers(pq.question_id, program.id):
        raise BuilderError(
            _(
                "“%(q)s” already has answers for this program, so it stays on the form "
                "(removing it would hide those answers from the results).",
                q=pq.question.text_en,
            )
        )
    question = pq.question
    db.session.delete(pq)
    db.session.flush()
    if question.program_id == program.id and not has_answers(question.id):
        db.session.delete(question)  # the program's own question goes with it
        db.session.flush()


def move_form_question(program, pq: ProgramQuestion, direction: str) -> bool:
    """Move a question up or down the program's form."""
    return move_row(form_questions([program.id])[program.id], pq, direction)


def suggested_objectives(pq: ProgramQuestion, objectives: list[Objective]) -> list[int]:
    """Return the objectives with the same outcome type as the question."""
    outcome = pq.question.outcome_type
    return [o.id for o in objectives if outcome is not None and o.outcome_type == outcome]


def linked_objectives(pq: ProgramQuestion) -> list[int]:
    """Return the ids of the objectives a form question measures, in order."""
    return sorted(o.id for o in pq.objectives)


# what saving a form question changes: saving.version_of fields
FORM_QUESTION_EDITS = ("required", linked_objectives)


def save_form_question(program, pq: ProgramQuestion, required: bool, objective_ids) -> None:
    """Set whether the question must be answered and which objectives it measures."""
    chosen = set(objective_ids or [])
    pq.required = required
    pq.objectives = [o for o in program_objectives([program.id])[program.id] if o.id in chosen]
    db.session.flush()
