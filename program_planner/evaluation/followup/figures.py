"""The follow-up survey's figures for the program report: invited, reminded, answered, answers.

Counted in SQL with a fixed number of queries. A response never refers to its invitation, so
the answers are those of every follow-up response of the program.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa

from program_planner.evaluation.followup.models import FollowUpInvitation
from program_planner.evaluation.followup.service import Schedule, form_items, schedule
from program_planner.evaluation.kinds import kind_of, types_where
from program_planner.evaluation.models import (
    Answer,
    FollowUpContact,
    Question,
    Response,
    ResponseKind,
)
from program_planner.extensions import db

FEW_ANSWERS = 10  # below this, the report says the figures are only indicative
COMMENT_LIMIT = 100
SCORED = types_where("reported")


@dataclass
class QuestionFigures:
    """A follow-up question's answers: {value: count}, and its free-text answers."""

    question: Question
    counts: Counter = field(default_factory=Counter)
    not_applicable: int = 0
    texts: list = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def scored(self) -> bool:
        return kind_of(self.question).reported

    @property
    def positive(self) -> int:
        """Answers of 4–5 on a scale, or yes."""
        return kind_of(self.question).positive(self.counts)

    def positive_words(self, percent: str) -> str:
        """Return what the share of positive answers means ("80 % agree (4–5)")."""
        return kind_of(self.question).positive_words(percent)

    def rows(self) -> list[tuple[str, int]]:
        """Return (label, count) for every possible answer, best first."""
        return list(reversed(kind_of(self.question).chart_rows(self.counts)))


@dataclass
class FollowUpSummary:
    """What the report says about the follow-up survey."""

    schedule: Schedule
    invited: int = 0
    reminded: int = 0
    answered: int = 0  # by personal link
    unsubscribed: int = 0
    responses: int = 0  # follow-up responses by any way (personal links, the public link)
    waiting_contacts: int = 0
    questions: list = field(default_factory=list)  # [QuestionFigures]

    @property
    def rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None

    @property
    def few(self) -> bool:
        return self.responses < FEW_ANSWERS


def summary(program_id: int) -> FollowUpSummary:
    """Return the follow-up figures of a program in a fixed number of queries."""
    invited, reminded, answered, unsubscribed = db.session.execute(
        sa.select(
            sa.func.count(FollowUpInvitation.id),
            sa.func.count(FollowUpInvitation.reminded_at),
            sa.func.coalesce(sa.func.sum(sa.case((FollowUpInvitation.answered, 1), else_=0)), 0),
            sa.func.coalesce(
                sa.func.sum(sa.case((FollowUpInvitation.unsubscribed, 1), else_=0)), 0
            ),
        ).where(FollowUpInvitation.program_id == program_id)
    ).one()
    responses = db.session.scalar(
        sa.select(sa.func.count(Response.id)).where(
            Response.program_id == program_id, Response.kind == ResponseKind.FOLLOW_UP
        )
    )
    waiting = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(FollowUpContact.email))).where(
            FollowUpContact.program_id == program_id, FollowUpContact.invited_at.is_(None)
        )
    )
    result = FollowUpSummary(
        schedule=schedule(program_id),
        invited=invited,
        reminded=reminded,
        answered=int(answered),
        unsubscribed=int(unsubscribed),
        responses=responses,
        waiting_contacts=waiting,
    )
    if responses:
        result.questions = _question_figures(program_id)
    return result


def _question_figures(program_id: int) -> list[QuestionFigures]:
    figures = {item.question.id: QuestionFigures(item.question) for item in form_items(program_id)}
    if not figures:
        return []
    base = (
        sa.select()
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.program_id == program_id,
            Response.kind == ResponseKind.FOLLOW_UP,
            Answer.question_id.in_(list(figures)),
        )
    )
    for question_id, value, _text, count in db.session.execute(
        base.add_columns(
            Answer.question_id, Answer.value_number, Answer.value_text, sa.func.count()
        )
        .join(Question, Question.id == Answer.question_id)
        .where(Question.qtype.in_(SCORED))
        .group_by(Answer.question_id, Answer.value_number, Answer.value_text)
    ):
        item = figures[question_id]
        if value is None:
            item.not_applicable += count
        else:
            item.counts[Decimal(value)] += count
    texts = defaultdict(list)
    for question_id, text in db.session.execute(
        base.add_columns(Answer.question_id, Answer.value_text)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.qtype.in_(types_where("comment")), Answer.value_text.is_not(None))
        .order_by(Answer.id)
        .limit(COMMENT_LIMIT)
    ):
        texts[question_id].append(text)
    for question_id, items in texts.items():
        figures[question_id].texts = items
    return [f for f in figures.values() if f.n or f.not_applicable or f.texts]
