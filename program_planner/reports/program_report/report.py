"""The program report: plan against reality, in a fixed number of grouped queries.

Every total is computed in SQL (GROUP BY); Python only arranges a handful of grouped rows, so the
number of statements does not depend on how many responses, answers or sessions a program has.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from program_planner.auth.models import User
from program_planner.evaluation.engine import NOT_APPLICABLE, current_language
from program_planner.evaluation.followup.figures import FollowUpSummary
from program_planner.evaluation.followup.figures import summary as follow_up_summary
from program_planner.evaluation.kinds import kind_of, types_where
from program_planner.evaluation.models import (
    Answer,
    Debrief,
    DebriefObjective,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    QuestionCategory,
    Response,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import (
    BudgetLine,
    Objective,
    PromotionChannel,
    PromotionItem,
    PromotionStatus,
)
from program_planner.reports.attainment import (
    attainment,
    wilson_interval,
)
from program_planner.reports.cost import cost_per_attendee
from program_planner.reports.models import ObjectiveAssessment
from program_planner.reports.program_report.words import verdict_counts

COMMENT_LIMIT = 300  # the page shows this many; the Excel export has them all


@dataclass
class Budget:
    """Budget lines with totals, and the cost per attendee (reports.cost: actual spending only)."""

    lines: list
    planned: Decimal
    actual: Decimal | None  # None when no actual cost is recorded yet
    best: Decimal  # actual where recorded, planned elsewhere
    with_actual: int
    headcount: int

    @property
    def basis(self) -> str:
        if not self.with_actual:
            return "planned"
        return "actual" if self.with_actual == len(self.lines) else "mixed"

    @property
    def cost_per_attendee(self) -> Decimal | None:
        return cost_per_attendee(self.actual, self.headcount)


@dataclass
class QuestionResult:
    """A scored question's answers: {value: count} per response kind, and not-applicable counts."""

    question: Question
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    not_applicable: Counter = field(default_factory=Counter)

    def rows(self, kind=ResponseKind.IMMEDIATE) -> list[tuple[str, int]]:
        """Return (label, count) for every possible answer, lowest first."""
        return kind_of(self.question).chart_rows(self.counts[kind])

    def n(self, kind=ResponseKind.IMMEDIATE) -> int:
        return sum(self.counts[kind].values())

    def share(self, kind=ResponseKind.IMMEDIATE) -> float | None:
        """Share agreeing (4–5) or answering yes."""
        counts, n = self.counts[kind], self.n(kind)
        return kind_of(self.question).positive(counts) / n if n else None

    def words(self, kind=ResponseKind.IMMEDIATE) -> str:
        """Return the kind's one-line summary of these answers ("" when there are none)."""
        counts = self.counts[kind]
        return kind_of(self.question).report_words(counts) if self.n(kind) else ""

    def mean(self, kind=ResponseKind.IMMEDIATE) -> float | None:
        counts, n = self.counts[kind], self.n(kind)
        return float(sum(v * c for v, c in counts.items()) / n) if n else None


@dataclass
class Channel:
    """A promotion channel: how many said they heard of the program there, and what was planned."""

    channel: str
    heard: int
    planned: int  # promotion items planned on this channel (not cancelled)
    done: int

    @property
    def label(self):
        try:
            return PromotionChannel(self.channel).label
        except ValueError:
            return self.channel

    @property
    def status(self) -> str:
        """brought: people came through it; silent: planned but nobody came; unplanned."""
        if self.heard and not self.planned:
            return "unplanned"
        if self.planned and not self.heard:
            return "silent"
        return "brought" if self.heard else "none"


@dataclass
class FollowUpSurvey:
    """The automatic follow-up survey: who was invited, reminded, answered; what they said.

    Shares come with a 95 % Wilson interval, so a handful of answers reads as the wide range
    it is, not as a precise figure.
    """

    summary: FollowUpSummary

    @property
    def rate_interval(self) -> tuple[float, float] | None:
        s = self.summary
        return wilson_interval(s.answered, s.invited) if s.invited else None

    @staticmethod
    def interval(figures) -> tuple[float, float] | None:
        return wilson_interval(figures.positive, figures.n) if figures.n else None


@dataclass
class ProgramReport:
    """Everything the report page shows about one program."""

    program: object
    sessions: list  # [(Occurrence, OccurrenceReport | None)]
    totals: dict
    budget: Budget
    results: list  # [ObjectiveResult] from immediate responses
    follow_up: dict  # {objective_id: ObjectiveResult} from follow-up responses
    assessments: dict  # {objective_id: (ObjectiveAssessment, author name)}
    questions: list  # [QuestionResult]
    comments: list  # [(question text, kind, text, submitted_on)]
    more_comments: bool
    debriefs: list
    channels: list  # [Channel]
    responses: Counter  # {kind: count}
    follow_up_survey: FollowUpSurvey | None = None


def load_report(program) -> ProgramReport:
    """Return the report of a program in a fixed number of queries."""
    pid = program.id
    sessions, totals = _sessions(pid)
    responses = Counter(
        dict(
            db.session.execute(
                sa.select(Response.kind, sa.func.count(Response.id))
                .where(Response.program_id == pid)
                .group_by(Response.kind)
            ).all()
        )
    )
    results = attainment([pid])[pid]
    follow_up = {}
    if responses[ResponseKind.FOLLOW_UP]:
        follow_up = {r.objective.id: r for r in attainment([pid], ResponseKind.FOLLOW_UP)[pid]}
    comments = _comments(pid)
    return ProgramReport(
        program=program,
        sessions=sessions,
        totals=totals,
        budget=_budget(pid, totals["headcount"]),
        results=results,
        follow_up=follow_up,
        assessments=assessments_for([pid]),
        questions=_questions(pid),
        comments=comments[:COMMENT_LIMIT],
        more_comments=len(comments) > COMMENT_LIMIT,
        debriefs=_debriefs(pid),
        channels=_channels(pid),
        responses=responses,
        follow_up_survey=FollowUpSurvey(follow_up_summary(pid)),
    )


def _sessions(pid):
    rows = db.session.execute(
        sa.select(Occurrence, OccurrenceReport)
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(Occurrence.program_id == pid)
        .order_by(Occurrence.starts_at, Occurrence.id)
    ).all()
    expected, headcount, first_time, reported = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(Occurrence.expected_attendance), 0),
            sa.func.coalesce(sa.func.sum(OccurrenceReport.headcount), 0),
            sa.func.coalesce(sa.func.sum(OccurrenceReport.first_time_count), 0),
            sa.func.count(OccurrenceReport.id),
        )
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(Occurrence.program_id == pid)
    ).one()
    totals = {
        "sessions": len(rows),
        "expected": int(expected),
        "headcount": int(headcount),
        "first_time": int(first_time),
        "reported": int(reported),
    }
    return [tuple(r) for r in rows], totals


def _budget(pid, headcount) -> Budget:
    lines = db.session.scalars(
        sa.select(BudgetLine)
        .where(BudgetLine.program_id == pid)
        .order_by(BudgetLine.category, BudgetLine.id)
    ).all()
    planned, actual, best, with_actual = db.session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(BudgetLine.planned), 0),
            sa.func.sum(BudgetLine.actual),
            sa.func.coalesce(
                sa.func.sum(sa.func.coalesce(BudgetLine.actual, BudgetLine.planned)), 0
            ),
            sa.func.count(BudgetLine.actual),
        ).where(BudgetLine.program_id == pid)
    ).one()
    return Budget(
        lines=list(lines),
        planned=Decimal(planned),
        actual=Decimal(actual) if with_actual else None,
        best=Decimal(best),
        with_actual=with_actual,
        headcount=headcount,
    )


def assessments_for(program_ids) -> dict:
    """Return {objective_id: (ObjectiveAssessment, author's name or "")} in one query."""
    rows = db.session.execute(
        sa.select(ObjectiveAssessment, User.full_name)
        .join(Objective, Objective.id == ObjectiveAssessment.objective_id)
        .outerjoin(User, User.id == ObjectiveAssessment.author_id)
        .where(Objective.program_id.in_(list(program_ids)))
    ).all()
    return {a.objective_id: (a, name or "") for a, name in rows}


def _answers(pid):
    """Answers of the program's own form questions joined to their responses."""
    return (
        sa.select()
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(
            ProgramQuestion,
            sa.and_(
                ProgramQuestion.question_id == Answer.question_id,
                ProgramQuestion.program_id == Response.program_id,
            ),
        )
        .join(Question, Question.id == Answer.question_id)
        .where(Response.program_id == pid)
    )


def _questions(pid) -> list[QuestionResult]:
    questions = db.session.scalars(
        sa.select(Question)
        .join(ProgramQuestion, ProgramQuestion.question_id == Question.id)
        .where(ProgramQuestion.program_id == pid, Question.qtype.in_(types_where("reported")))
        .order_by(ProgramQuestion.position, ProgramQuestion.id)
    ).all()
    results = {q.id: QuestionResult(q) for q in questions}
    stmt = (
        _answers(pid)
        .add_columns(Answer.question_id, Response.kind, Answer.value_number, sa.func.count())
        .where(Question.qtype.in_(types_where("reported")))
        .group_by(Answer.question_id, Response.kind, Answer.value_number)
    )
    for question_id, kind, value, count in db.session.execute(stmt):
        result = results.get(question_id)
        if result is None:
            continue
        if value is None:
            result.not_applicable[kind] += count
        else:
            result.counts[kind][Decimal(value)] += count
    return list(results.values())


def _comments(pid) -> list:
    language = current_language()
    stmt = (
        _answers(pid)
        .add_columns(
            Question.text_en,
            Question.text_fr,
            Response.kind,
            Answer.value_text,
            Response.submitted_on,
        )
        .where(
            Question.qtype.in_(types_where("comment")),
            Answer.value_text.is_not(None),
            Answer.value_text != "",
            Answer.value_text != NOT_APPLICABLE,
        )
        .order_by(ProgramQuestion.position, Response.submitted_on, Answer.id)
        .limit(COMMENT_LIMIT + 1)
    )
    return [
        ((fr if language == "fr" and fr else en), kind, text, when)
        for en, fr, kind, text, when in db.session.execute(stmt)
    ]


def _debriefs(pid) -> list:
    return list(
        db.session.scalars(
            sa.select(Debrief)
            .where(Debrief.program_id == pid)
            .options(selectinload(Debrief.objectives).selectinload(DebriefObjective.objective))
            .order_by(Debrief.kind, Debrief.created_at, Debrief.id)
        ).all()
    )


def _channels(pid) -> list[Channel]:
    heard = dict(
        db.session.execute(
            _answers(pid)
            .add_columns(Answer.value_text, sa.func.count())
            .where(
                Question.category == QuestionCategory.HOW_HEARD,
                Response.kind == ResponseKind.IMMEDIATE,
                Answer.value_text.is_not(None),
            )
            .group_by(Answer.value_text)
        ).all()
    )
    planned, done = Counter(), Counter()
    for channel, status, count in db.session.execute(
        sa.select(PromotionItem.channel, PromotionItem.status, sa.func.count())
        .where(PromotionItem.program_id == pid, PromotionItem.status != PromotionStatus.CANCELLED)
        .group_by(PromotionItem.channel, PromotionItem.status)
    ):
        planned[channel.value] += count
        if status == PromotionStatus.DONE:
            done[channel.value] += count
    order = [c.value for c in PromotionChannel]
    keys = [c for c in order if c in heard or c in planned]
    keys += sorted(k for k in heard if k not in order and k != NOT_APPLICABLE)
    channels = [Channel(k, heard.get(k, 0), planned[k], done[k]) for k in keys]
    return sorted(channels, key=lambda c: (-c.heard, -c.planned, keys.index(c.channel)))


def load_results_sections(programs) -> dict:
    """Return {program_id: {verdict: count}} for the program page's Results section (3 queries)."""
    ids = [p.id for p in programs]
    results = attainment(ids) if ids else {}
    return {pid: verdict_counts(results[pid]) for pid in ids}
