"""Engagement measures by period and branch, each with its definition: GROUP BY queries only.

Reports sit above community, occurrences and evaluation, so the measures that join
consultations, needs and session headcounts live here, not in the community package. The page
reads the stored cells (cells.py: sums by branch and month, so periods are whole months);
computed_measures() gives the same figures from the source rows.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from program_planner.auth.models import Branch
from program_planner.community.models import (
    Consultation,
    Need,
    NeedChange,
    NeedPriority,
    NeedStatus,
    ProgramNeed,
)
from program_planner.community.service import DELIVERED_STATUSES
from program_planner.community.survey.models import CommunitySurvey, SurveyResponse
from program_planner.evaluation.kinds.base import AGREE_FROM
from program_planner.evaluation.models import (
    Answer,
    OccurrenceReport,
    Question,
    QuestionCategory,
    Response,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Program
from program_planner.reports.engagement.cells import (
    EVERY_BRANCH,
    FIGURES,
    HEADLINE,
    EngagementCell,
    month_period,
    new_programs_condition,
)

DEFINITIONS = {
    "people_consulted": (
        _l("People consulted"),
        _l(
            "People reached by consultations held in the period (focus groups, interviews, "
            "meetings, pop-ups, partner meetings, online polls), as counted at each, plus the "
            "community survey's responses received in the period."
        ),
    ),
    "non_users": (
        _l("Non-users reached"),
        _l(
            "Of the people consulted, those who said they do not (yet) use the library "
            "(survey: those who never use it or less than once a year)."
        ),
    ),
    "survey_responses": (
        _l("Community survey responses"),
        _l("Community survey forms received in the period, online or on paper keyed in."),
    ),
    "consultations": (
        _l("Consultations held"),
        _l("Consultations and engagement activities logged with a date in the period."),
    ),
    "first_time": (
        _l("First-time attendees"),
        _l(
            "First-time attendees recorded at sessions held in the period; by target group, "
            "counted in every group the program set out to reach."
        ),
    ),
    "needs_addressed": (
        _l("Needs moved to “being addressed”"),
        _l("Needs of the register whose status became “being addressed” in the period."),
    ),
    "services_designed": (
        _l("New or improved services designed"),
        _l(
            "Programs proposed in the period (submitted or further) of a program type, or for "
            "a target group, that the branch had not proposed before, plus needs moved to "
            "“being addressed” in the period."
        ),
    ),
    "satisfaction": (
        _l("Satisfaction"),
        _l(
            "Share of answers of 4 or 5 (out of 5) to the satisfaction questions of evaluation "
            "forms received in the period, at the branch's programs."
        ),
    ),
    "high_priority_delivered": (
        _l("High-priority needs with a delivered program"),
        _l(
            "Share of high-priority needs (not set aside) answered by at least one program "
            "that has been delivered."
        ),
    ),
}


@dataclass
class Measures:
    start: date
    end: date
    branch_id: int | None
    people_consulted: int
    non_users: int
    consultations: int
    first_time: int
    needs_addressed: int
    high_priority: int
    high_priority_delivered: int
    survey_responses: int
    new_programs: int  # programs of a type or for a group new to their branch
    satisfaction_n: int
    satisfaction_agree: int
    by_branch: list  # (branch, consultations, people, non-users)
    first_time_by_group: list  # (group, first-timers)

    @property
    def high_priority_share(self) -> float | None:
        return self.high_priority_delivered / self.high_priority if self.high_priority else None

    @property
    def services_designed(self) -> int:
        return self.new_programs + self.needs_addressed

    @property
    def satisfaction_share(self) -> float | None:
        return self.satisfaction_agree / self.satisfaction_n if self.satisfaction_n else None


def _utc(day: date, end=False) -> datetime:
    return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)


def survey_counts(start: date, end: date, branch_id: int | None) -> tuple[int, int]:
    """Return the community survey responses of the period and those of non-users."""
    stmt = (
        sa.select(
            sa.func.count(SurveyResponse.id),
            sa.func.count(sa.case((SurveyResponse.library_user.is_(False), 1))),
        )
        .join(CommunitySurvey, CommunitySurvey.id == SurveyResponse.survey_id)
        .where(SurveyResponse.submitted_on.between(_utc(start), _utc(end, True)))
    )
    if branch_id:
        stmt = stmt.where(CommunitySurvey.branch_id == branch_id)
    n, non_users = db.session.execute(stmt).one()
    return int(n or 0), int(non_users or 0)


def satisfaction(start: date, end: date, branch_id: int | None) -> tuple[int, int]:
    """Return the satisfaction answers (1–5) of the period and those of 4 or 5."""
    stmt = (
        sa.select(
            sa.func.count(Answer.id),
            sa.func.count(sa.case((Answer.value_number >= AGREE_FROM, 1))),
        )
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Question.category == QuestionCategory.SATISFACTION,
            Answer.value_number.between(1, 5),
            Response.submitted_on.between(_utc(start), _utc(end, True)),
        )
    )
    if branch_id:
        stmt = stmt.join(Program, Program.id == Response.program_id).where(
            Program.branch_id == branch_id
        )
    n, agree = db.session.execute(stmt).one()
    return int(n or 0), int(agree or 0)


def new_programs(start: date, end: date, branch_id: int | None) -> int:
    """Count programs proposed in the period of a type or for a group new to their branch."""
    stmt = sa.select(sa.func.count(Program.id)).where(
        Program.created_at.between(_utc(start), _utc(end, True)), new_programs_condition()
    )
    if branch_id:
        stmt = stmt.where(Program.branch_id == branch_id)
    return int(db.session.scalar(stmt) or 0)


def people_consulted(date_from=None, date_to=None, branch_id=None) -> int:
    """Return the people consulted (consultations and survey responses) between optional days."""
    held = sa.select(sa.func.coalesce(sa.func.sum(Consultation.people_total), 0))
    answered = sa.select(sa.func.count(SurveyResponse.id)).join(
        CommunitySurvey, CommunitySurvey.id == SurveyResponse.survey_id
    )
    if date_from:
        held = held.where(Consultation.held_on >= date_from)
        answered = answered.where(SurveyResponse.submitted_on >= _utc(date_from))
    if date_to:
        held = held.where(Consultation.held_on <= date_to)
        answered = answered.where(SurveyResponse.submitted_on <= _utc(date_to, True))
    if branch_id:
        held = held.where(Consultation.branch_id == branch_id)
        answered = answered.where(CommunitySurvey.branch_id == branch_id)
    return int(db.session.scalar(held) or 0) + int(db.session.scalar(answered) or 0)


def engagement_measures(start: date, end: date, branch_id: int | None = None) -> Measures:
    """Return the measures of the whole months covering start … end from the stored cells, in
    a fixed number of queries at any size (bring the cells up to date first)."""
    start, end = month_period(start, end)
    c = EngagementCell
    months = sa.and_(c.month >= f"{start:%Y-%m}", c.month <= f"{end:%Y-%m}")
    key = branch_id or EVERY_BRANCH
    totals = db.session.execute(
        sa.select(*(sa.func.coalesce(sa.func.sum(getattr(c, name)), 0) for name in FIGURES)).where(
            months, c.branch_key == key, c.group_key == HEADLINE
        )
    ).one()
    figures = dict(zip(FIGURES, (int(v) for v in totals), strict=True))
    by_branch_stmt = (
        sa.select(
            Branch.name,
            sa.func.sum(c.consultations),
            sa.func.sum(c.people),
            sa.func.sum(c.non_users),
        )
        .join(Branch, Branch.id == c.branch_key)
        .where(months, c.group_key == HEADLINE, c.branch_key != EVERY_BRANCH)
        .group_by(Branch.id, Branch.name)
        .having(sa.func.sum(c.consultations) > 0)
        .order_by(Branch.name)
    )
    if branch_id:
        by_branch_stmt = by_branch_stmt.where(c.branch_key == branch_id)
    first_stmt = (
        sa.select(TargetGroup.name_column(), sa.func.sum(c.first_time))
        .join(TargetGroup, TargetGroup.id == c.group_key)
        .where(months, c.branch_key == key, c.group_key != HEADLINE)
        .group_by(TargetGroup.id, TargetGroup.name, TargetGroup.name_fr)
        .order_by(TargetGroup.name_column())
    )
    needs_addressed, high, high_delivered = _need_figures(start, end, branch_id)
    return Measures(
        start=start,
        end=end,
        branch_id=branch_id,
        people_consulted=figures["people"] + figures["survey_responses"],
        non_users=figures["non_users"] + figures["survey_non_users"],
        consultations=figures["consultations"],
        first_time=figures["first_time"],
        needs_addressed=needs_addressed,
        high_priority=high,
        high_priority_delivered=high_delivered,
        survey_responses=figures["survey_responses"],
        new_programs=figures["new_programs"],
        satisfaction_n=figures["sat_n"],
        satisfaction_agree=figures["sat_agree"],
        by_branch=[
            (n, int(a), int(p), int(u)) for n, a, p, u in db.session.execute(by_branch_stmt)
        ],
        first_time_by_group=[(n, int(f or 0)) for n, f in db.session.execute(first_stmt)],
    )


def _need_figures(start: date, end: date, branch_id: int | None) -> tuple[int, int, int]:
    """Return the needs moved to being addressed in the period, the high-priority needs (not set
    aside) and those of them answered by a delivered program (the register is small: read)."""
    moved_stmt = (
        sa.select(sa.func.count(sa.distinct(NeedChange.need_id)))
        .join(Need, Need.id == NeedChange.need_id)
        .where(NeedChange.field == "status")
        .where(NeedChange.to_value == NeedStatus.BEING_ADDRESSED.value)
        .where(NeedChange.occurred_at.between(_utc(start), _utc(end, True)))
    )
    delivered = (  # per high-priority need, through its few links (not every link's program)
        sa.exists()
        .where(ProgramNeed.need_id == Need.id, Program.id == ProgramNeed.program_id)
        .where(Program.status.in_(DELIVERED_STATUSES))
    )
    high_stmt = sa.select(
        sa.func.count(Need.id),
        sa.func.count(sa.case((delivered, Need.id))),
    ).where(Need.priority == NeedPriority.HIGH, Need.status != NeedStatus.SET_ASIDE)
    if branch_id:
        moved_stmt = moved_stmt.where(Need.branch_id == branch_id)
        high_stmt = high_stmt.where(Need.branch_id == branch_id)
    high, high_delivered = db.session.execute(high_stmt).one()
    return int(db.session.scalar(moved_stmt) or 0), int(high or 0), int(high_delivered or 0)


def computed_measures(start: date, end: date, branch_id: int | None = None) -> Measures:
    """Return the measures of the period (start and end included) computed from the source rows:
    the definitions the stored cells must give for whole months."""
    held = Consultation.held_on.between(start, end)
    by_branch_stmt = (
        sa.select(
            Branch.name,
            sa.func.count(Consultation.id),
            sa.func.coalesce(sa.func.sum(Consultation.people_total), 0),
            sa.func.coalesce(sa.func.sum(Consultation.non_users), 0),
        )
        .join(Branch, Branch.id == Consultation.branch_id)
        .where(held)
        .group_by(Branch.id, Branch.name)
        .order_by(Branch.name)
    )
    if branch_id:
        by_branch_stmt = by_branch_stmt.where(Consultation.branch_id == branch_id)
    by_branch = [tuple(r) for r in db.session.execute(by_branch_stmt)]

    first_stmt = (
        sa.select(TargetGroup.name_column(), sa.func.sum(OccurrenceReport.first_time_count))
        .select_from(OccurrenceReport)
        .join(Occurrence, Occurrence.id == OccurrenceReport.occurrence_id)
        .join(Program, Program.id == Occurrence.program_id)
        .join(ProgramTargetGroup, ProgramTargetGroup.program_id == Program.id)
        .join(TargetGroup, TargetGroup.id == ProgramTargetGroup.target_group_id)
        .where(Occurrence.starts_at.between(_utc(start), _utc(end, True)))
        .group_by(TargetGroup.id, TargetGroup.name, TargetGroup.name_fr)
        .order_by(TargetGroup.name_column())
    )
    total_first_stmt = (
        sa.select(sa.func.coalesce(sa.func.sum(OccurrenceReport.first_time_count), 0))
        .join(Occurrence, Occurrence.id == OccurrenceReport.occurrence_id)
        .join(Program, Program.id == Occurrence.program_id)
        .where(Occurrence.starts_at.between(_utc(start), _utc(end, True)))
    )
    if branch_id:
        first_stmt = first_stmt.where(Program.branch_id == branch_id)
        total_first_stmt = total_first_stmt.where(Program.branch_id == branch_id)
    first_by_group = [(name, int(n or 0)) for name, n in db.session.execute(first_stmt)]
    first_time = int(db.session.scalar(total_first_stmt) or 0)

    needs_addressed, high, high_delivered = _need_figures(start, end, branch_id)
    survey_n, survey_non_users = survey_counts(start, end, branch_id)
    satisfaction_n, satisfaction_agree = satisfaction(start, end, branch_id)
    return Measures(
        start=start,
        end=end,
        branch_id=branch_id,
        people_consulted=sum(int(r[2]) for r in by_branch) + survey_n,
        non_users=sum(int(r[3]) for r in by_branch) + survey_non_users,
        consultations=sum(int(r[1]) for r in by_branch),
        first_time=first_time,
        needs_addressed=needs_addressed,
        high_priority=high,
        high_priority_delivered=high_delivered,
        survey_responses=survey_n,
        new_programs=new_programs(start, end, branch_id),
        satisfaction_n=satisfaction_n,
        satisfaction_agree=satisfaction_agree,
        by_branch=[(name, int(c), int(p), int(n)) for name, c, p, n in by_branch],
        first_time_by_group=first_by_group,
    )


def measure_rows(m: Measures) -> list[tuple]:
    """Return (key, name, value, definition) of every headline measure."""
    values = {
        "people_consulted": m.people_consulted,
        "non_users": m.non_users,
        "consultations": m.consultations,
        "first_time": m.first_time,
        "survey_responses": m.survey_responses,
        "needs_addressed": m.needs_addressed,
        "services_designed": m.services_designed,
        "satisfaction": m.satisfaction_share,
        "high_priority_delivered": m.high_priority_share,
    }
    return [(key, name, values[key], definition) for key, (name, definition) in DEFINITIONS.items()]
