"""Which attendee comments a program's impact report quotes: the candidates, the picks, saving.

A program's picks are one set; the form carries a fingerprint of the set it showed, and a save
based on a set someone has since changed is refused (saving.EditConflict) with the ticks kept.
"""

import hashlib

import sqlalchemy as sa

from program_planner.evaluation.engine import NOT_APPLICABLE
from program_planner.evaluation.kinds import types_where
from program_planner.evaluation.models import Answer, ProgramQuestion, Question, Response
from program_planner.extensions import db
from program_planner.reports.impact.models import PickedComment
from program_planner.saving import FINGERPRINTS, EditConflict

MAX_PICKS = 3  # a one-page report quotes a few
CANDIDATE_LIMIT = 300  # the report page shows as many comments


class PickError(ValueError):
    """A set of picks that cannot be saved (too many, or not this program's comments)."""


def _comment_answers(program_id):
    return (
        sa.select(Answer.id, Answer.value_text, Question.text_en, Question.text_fr, Response.kind)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .join(
            ProgramQuestion,
            sa.and_(
                ProgramQuestion.question_id == Answer.question_id,
                ProgramQuestion.program_id == Response.program_id,
            ),
        )
        .where(
            Response.program_id == program_id,
            Question.qtype.in_(types_where("comment")),
            Answer.value_text.is_not(None),
            Answer.value_text != "",
            Answer.value_text != NOT_APPLICABLE,
        )
    )


def candidates(program_id) -> list:
    """Return the program's comments [(answer id, text, question en, question fr, kind)]."""
    stmt = _comment_answers(program_id).order_by(
        ProgramQuestion.position, Response.submitted_on, Answer.id
    )
    return [tuple(row) for row in db.session.execute(stmt.limit(CANDIDATE_LIMIT))]


def picked_ids(program_id) -> list[int]:
    """Return the answer ids picked for a program, in the order they were picked."""
    return list(
        db.session.scalars(
            sa.select(PickedComment.answer_id)
            .where(PickedComment.program_id == program_id)
            .order_by(PickedComment.picked_at, PickedComment.id)
        )
    )


def picks_version(program_id) -> int:
    """Return a fingerprint of the program's picks, as a form's hidden version carries it."""
    ids = ",".join(str(i) for i in sorted(picked_ids(program_id))).encode()
    return int.from_bytes(hashlib.sha256(ids).digest()[:8], "big") % FINGERPRINTS + 1


def save_picks(program, answer_ids, seen_version, actor) -> None:
    """Replace the program's picks by answer_ids; the program row must be locked by the caller.

    Raises EditConflict when the picks changed since seen_version, PickError when more than
    MAX_PICKS are chosen or one is not a comment of this program.
    """
    if seen_version != picks_version(program.id):
        raise EditConflict
    wanted = list(dict.fromkeys(answer_ids))
    if len(wanted) > MAX_PICKS:
        raise PickError(MAX_PICKS)
    if wanted:
        stmt = _comment_answers(program.id).with_only_columns(Answer.id)
        valid = set(db.session.scalars(stmt.where(Answer.id.in_(wanted))))
        if set(wanted) - valid:
            raise PickError(0)
    current = set(picked_ids(program.id))
    db.session.execute(
        sa.delete(PickedComment).where(
            PickedComment.program_id == program.id,
            PickedComment.answer_id.not_in(wanted or [0]),
        )
    )
    for answer_id in wanted:
        if answer_id not in current:
            db.session.add(
                PickedComment(program_id=program.id, answer_id=answer_id, picked_by_id=actor.id)
            )
    db.session.flush()
