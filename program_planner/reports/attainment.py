"""Objective attainment: evidence from linked questions and headcounts, and an honest verdict.

A share target ("≥ 80 % agree") is judged on the 95 % Wilson interval of the share of answers that
agree (4 or 5 on the agreement scale or a rating, "yes" on a yes/no question): "met" only when the
interval's lower bound clears the target, "not met" when its upper bound is below it, otherwise
"not enough evidence". An average-rating target is judged the same way on the mean's 95 % interval.
Attendance and first-time targets are judged from the headcounts frontline staff recorded.
Aggregation happens in SQL (GROUP BY); Python only combines a handful of grouped rows.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from program_planner.evaluation.kinds import kind_of, types_where
from program_planner.evaluation.models import (
    Answer,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    Response,
    ResponseKind,
    program_question_objectives,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import Objective, TargetMetric

Z_95 = 1.959963984540054
AGREE_FROM = Decimal(4)  # 4 = agree, 5 = strongly agree (and ratings of 4 or 5)
SCORED_TYPES = types_where("scored")  # kinds whose answers are evidence for objectives

MET, NOT_MET, INSUFFICIENT = "met", "not_met", "insufficient"
VERDICT_LABELS = {
    MET: _l("Met"),
    NOT_MET: _l("Not met"),
    INSUFFICIENT: _l("Not enough evidence"),
}


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Return the Wilson score interval (low, high) of a proportion, as fractions 0–1."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(total: float, total_sq: float, n: int, z: float = Z_95):
    """Return (mean, low, high) of a mean with its normal-approximation interval; n ≥ 2."""
    mean = total / n
    variance = max(0.0, (total_sq - n * mean * mean) / (n - 1))
    half = z * math.sqrt(variance / n)
    return mean, mean - half, mean + half


def judge(low: float, high: float, target: float) -> str:
    """Met when the whole interval clears the target, not met when it is wholly below."""
    if low >= target:
        return MET
    if high < target:
        return NOT_MET
    return INSUFFICIENT


@dataclass
class Evidence:
    """Answers to scored questions: distribution {value: count}, n, agreeing, mean."""

    distribution: dict = field(default_factory=dict)

    @property
    def n(self) -> int:
        return sum(self.distribution.values())

    @property
    def agreeing(self) -> int:
        return sum(c for v, c in self.distribution.items() if v >= AGREE_FROM)

    @property
    def share(self) -> float | None:
        return self.agreeing / self.n if self.n else None

    @property
    def mean(self) -> float | None:
        return float(sum(v * c for v, c in self.distribution.items()) / self.n) if self.n else None


@dataclass
class ObjectiveResult:
    """An objective with its evidence, the interval, the target and the verdict."""

    objective: Objective
    verdict: str
    n: int = 0  # answers (share and rating targets) or sessions reported (reach targets)
    observed: float | None = None  # share (0–1), mean rating, or a count of people
    low: float | None = None
    high: float | None = None
    evidence: Evidence | None = None

    @property
    def verdict_label(self):
        return VERDICT_LABELS[self.verdict]

    @property
    def target(self) -> float:
        return float(self.objective.target_value)


def objective_evidence(program_ids, kind=ResponseKind.IMMEDIATE) -> dict:
    """Return {objective_id: Evidence} from the answers to the questions linked to each one."""
    stmt = (
        sa.select(
            program_question_objectives.c.objective_id,
            Question.qtype,
            Answer.value_number,
            sa.func.count(Answer.id),
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(
            ProgramQuestion,
            sa.and_(
                ProgramQuestion.question_id == Answer.question_id,
                ProgramQuestion.program_id == Response.program_id,
            ),
        )
        .join(
            program_question_objectives,
            program_question_objectives.c.program_question_id == ProgramQuestion.id,
        )
        .join(Question, Question.id == Answer.question_id)
        .where(
            Response.program_id.in_(program_ids),
            Response.kind == kind,
            Answer.value_number.is_not(None),
            Question.qtype.in_(SCORED_TYPES),
        )
        .group_by(program_question_objectives.c.objective_id, Question.qtype, Answer.value_number)
    )
    evidence = defaultdict(Evidence)
    for objective_id, qtype, value, count in db.session.execute(stmt):
        item = evidence[objective_id]
        value = kind_of(qtype).as_agreement(value)  # e.g. yes counts as 5, no as 1
        item.distribution[value] = item.distribution.get(value, 0) + count
    return dict(evidence)


def reach_totals(program_ids) -> dict:
    """Return {program_id: (sessions reported, headcount, first-time)} from session reports."""
    stmt = (
        sa.select(
            Occurrence.program_id,
            sa.func.count(OccurrenceReport.id),
            sa.func.sum(OccurrenceReport.headcount),
            sa.func.sum(OccurrenceReport.first_time_count),
        )
        .join(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(Occurrence.program_id.in_(program_ids))
        .group_by(Occurrence.program_id)
    )
    return {pid: (n, int(h or 0), int(f or 0)) for pid, n, h, f in db.session.execute(stmt)}


def judge_objective(objective: Objective, evidence: Evidence | None, reach) -> ObjectiveResult:
    """Judge one objective from its evidence (answers) or its program's reach totals."""
    metric = objective.target_metric
    target = float(objective.target_value)
    if metric in (TargetMetric.TOTAL_ATTENDANCE, TargetMetric.FIRST_TIME_ATTENDEES):
        sessions, headcount, first_time = reach or (0, 0, 0)
        if not sessions:
            return ObjectiveResult(objective, INSUFFICIENT)
        observed = headcount if metric == TargetMetric.TOTAL_ATTENDANCE else first_time
        verdict = MET if observed >= target else NOT_MET
        return ObjectiveResult(objective, verdict, n=sessions, observed=observed)
    if evidence is None or evidence.n == 0:
        return ObjectiveResult(objective, INSUFFICIENT, evidence=evidence)
    n = evidence.n
    if metric == TargetMetric.MEAN_RATING:
        if n < 2:
            return ObjectiveResult(
                objective, INSUFFICIENT, n=n, observed=evidence.mean, evidence=evidence
            )
        total = sum(float(v) * c for v, c in evidence.distribution.items())
        total_sq = sum(float(v) ** 2 * c for v, c in evidence.distribution.items())
        mean, low, high = mean_interval(total, total_sq, n)
        return ObjectiveResult(
            objective,
            judge(low, high, target),
            n=n,
            observed=mean,
            low=low,
            high=high,
            evidence=evidence,
        )
    low, high = wilson_interval(evidence.agreeing, n)
    share = evidence.agreeing / n
    return ObjectiveResult(
        objective,
        judge(low, high, target / 100),
        n=n,
        observed=share,
        low=low,
        high=high,
        evidence=evidence,
    )


def attainment(program_ids, kind=ResponseKind.IMMEDIATE) -> dict:
    """Return {program_id: [ObjectiveResult]} for the programs, in three queries."""
    program_ids = list(program_ids)
    objectives = db.session.scalars(
        sa.select(Objective)
        .where(Objective.program_id.in_(program_ids))
        .order_by(Objective.program_id, Objective.position, Objective.id)
    ).all()
    evidence = objective_evidence(program_ids, kind)
    reach = reach_totals(program_ids)
    results = {pid: [] for pid in program_ids}
    for objective in objectives:
        results[objective.program_id].append(
            judge_objective(objective, evidence.get(objective.id), reach.get(objective.program_id))
        )
    return results
