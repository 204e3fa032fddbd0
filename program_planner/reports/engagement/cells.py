"""Stored engagement figures: a few sums per branch and month, so the measures page reads a
fixed number of rows whatever the size of the library.

A cell is (branch, month, group). Group 0 holds the month's headline sums at the branch:
consultations held, people they reached and non-users among them, community survey responses
and non-users among them, first-time attendees at sessions, satisfaction answers (1–5) and
those of 4 or 5, and programs proposed that were new to the branch (a type or a target group
it had not proposed before). Group g holds the first-time attendees at sessions of programs
aimed at group g. Branch 0 holds the sums over every branch (and branch -1, what belongs to
no branch: a survey of the whole system). Months are UTC calendar months, the measures' days
being UTC days; a period is read in whole months.

The same mechanism as the per-program results (reports/results.py): writers only mark. The
community hook (community/marks.py) marks the branches of consultations, surveys and their
responses, and of programs moved or deleted; this module marks the branches of the programs the
results hook noted (their sessions, session reports, responses, answers, status, groups).
bring_engagement_up_to_date() recomputes the marked branches' cells from the source rows
before the page reads (and in the worker's upkeep), then the sums over every branch, and
deletes the marks it consumed. Figures are recomputed, never adjusted. Writes that bypass the
ORM (the benchmark's bulk load, a restore) call refresh_all_engagement() afterwards.
"""

import calendar
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, aliased, mapped_column

from program_planner.community.marks import (
    BRANCH,
    NO_BRANCH,
    branch_key,
    drop_marks,
    mark_program_branches,
    month_of,
    take_marks,
)
from program_planner.community.models import Consultation
from program_planner.community.service import ADDRESSING_STATUSES
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
from program_planner.planning.models import ProgramTargetGroup
from program_planner.programs.models import Program
from program_planner.reports import results

EVERY_BRANCH = 0
HEADLINE = 0  # group key of the headline sums
REFRESHER_LOCK = 7_401_521
FIGURES = (
    "consultations",
    "people",
    "non_users",
    "survey_responses",
    "survey_non_users",
    "first_time",
    "sat_n",
    "sat_agree",
    "new_programs",
)


class EngagementCell(db.Model):
    """The engagement sums of a branch (0: every branch) in a month, overall or for a group."""

    __tablename__ = "engagement_cells"

    branch_key: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(sa.String(7), primary_key=True)  # "YYYY-MM", UTC
    group_key: Mapped[int] = mapped_column(primary_key=True)
    consultations: Mapped[int] = mapped_column(default=0)
    people: Mapped[int] = mapped_column(default=0)
    non_users: Mapped[int] = mapped_column(default=0)
    survey_responses: Mapped[int] = mapped_column(default=0)
    survey_non_users: Mapped[int] = mapped_column(default=0)
    first_time: Mapped[int] = mapped_column(default=0)
    sat_n: Mapped[int] = mapped_column(default=0)
    sat_agree: Mapped[int] = mapped_column(default=0)
    new_programs: Mapped[int] = mapped_column(default=0)


def month_period(start: date, end: date) -> tuple[date, date]:
    """Return the whole months covering start … end: the first day and the last day."""
    last = calendar.monthrange(end.year, end.month)[1]
    return date(start.year, start.month, 1), date(end.year, end.month, last)


def _of_branches(column, keys):
    """Return the condition keeping rows whose branch column is one of the keys."""
    real = [k for k in keys if k > 0]
    conditions = [column.in_(real)] if real else []
    if NO_BRANCH in keys:
        conditions.append(column.is_(None))
    return sa.or_(*conditions) if conditions else sa.false()


def new_programs_condition():
    """Programs proposed (submitted or further) of a type, or for a target group, that their
    branch had not proposed before."""
    earlier = aliased(Program)
    before = sa.and_(
        earlier.branch_id == Program.branch_id,
        earlier.created_at < Program.created_at,
        earlier.status.in_(ADDRESSING_STATUSES),
    )
    seen_type = sa.exists().where(before, earlier.program_type == Program.program_type)
    mine, theirs = aliased(ProgramTargetGroup), aliased(ProgramTargetGroup)
    seen_group = (
        sa.exists()
        .where(theirs.program_id == earlier.id, theirs.target_group_id == mine.target_group_id)
        .where(before)
        .correlate_except(theirs, earlier)  # the program is two levels up
    )
    new_group = sa.exists().where(mine.program_id == Program.id, ~seen_group)
    return sa.and_(Program.status.in_(ADDRESSING_STATUSES), sa.or_(~seen_type, new_group))


def _queries(keys):
    """Yield (figures, statement of (branch, month, group, *values)) for these branches."""
    held = month_of(Consultation.held_on)
    yield (
        ("consultations", "people", "non_users"),
        sa.select(
            Consultation.branch_id,
            held,
            sa.literal(HEADLINE),
            sa.func.count(Consultation.id),
            sa.func.sum(Consultation.people_total),
            sa.func.sum(Consultation.non_users),
        )
        .where(_of_branches(Consultation.branch_id, keys))
        .group_by(Consultation.branch_id, held),
    )
    answered = month_of(SurveyResponse.submitted_on)
    yield (
        ("survey_responses", "survey_non_users"),
        sa.select(
            CommunitySurvey.branch_id,
            answered,
            sa.literal(HEADLINE),
            sa.func.count(SurveyResponse.id),
            sa.func.count(sa.case((SurveyResponse.library_user.is_(False), 1))),
        )
        .join(CommunitySurvey, CommunitySurvey.id == SurveyResponse.survey_id)
        .where(_of_branches(CommunitySurvey.branch_id, keys))
        .group_by(CommunitySurvey.branch_id, answered),
    )
    began = month_of(Occurrence.starts_at)
    first = (
        sa.select(Program.branch_id, began)
        .select_from(OccurrenceReport)
        .join(Occurrence, Occurrence.id == OccurrenceReport.occurrence_id)
        .join(Program, Program.id == Occurrence.program_id)
        .where(_of_branches(Program.branch_id, keys))
    )
    total = sa.func.sum(OccurrenceReport.first_time_count)
    yield (
        ("first_time",),
        first.add_columns(sa.literal(HEADLINE), total).group_by(Program.branch_id, began),
    )
    group = ProgramTargetGroup.target_group_id
    yield (
        ("first_time",),
        first.join(ProgramTargetGroup, ProgramTargetGroup.program_id == Program.id)
        .add_columns(group, total)
        .group_by(Program.branch_id, began, group),
    )
    received = month_of(Response.submitted_on)
    yield (
        ("sat_n", "sat_agree"),
        sa.select(
            Program.branch_id,
            received,
            sa.literal(HEADLINE),
            sa.func.count(Answer.id),
            sa.func.count(sa.case((Answer.value_number >= AGREE_FROM, 1))),
        )
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Program, Program.id == Response.program_id)
        .where(
            Question.category == QuestionCategory.SATISFACTION,
            Answer.value_number.between(1, 5),
            _of_branches(Program.branch_id, keys),
        )
        .group_by(Program.branch_id, received),
    )
    proposed = month_of(Program.created_at)
    yield (
        ("new_programs",),
        sa.select(Program.branch_id, proposed, sa.literal(HEADLINE), sa.func.count(Program.id))
        .where(new_programs_condition(), _of_branches(Program.branch_id, keys))
        .group_by(Program.branch_id, proposed),
    )


def current_cells(keys) -> list[dict]:
    """Return the cells of these branch keys, computed from the source rows."""
    keys = sorted(set(keys))
    cells = {}
    for names, stmt in _queries(keys):
        for branch_id, month, group, *values in db.session.execute(stmt):
            key = (branch_key(branch_id), month, int(group))
            cell = cells.setdefault(key, dict.fromkeys(FIGURES, 0))
            for name, value in zip(names, values, strict=True):
                cell[name] += int(value or 0)
    return [
        {"branch_key": b, "month": m, "group_key": g, **figures}
        for (b, m, g), figures in sorted(cells.items())
    ]


def every_branch(cells: list[dict]) -> list[dict]:
    """Return the sums over every branch of these cells (the cells of branch 0)."""
    sums = {}
    for cell in cells:
        key = (cell["month"], cell["group_key"])
        total = sums.setdefault(key, dict.fromkeys(FIGURES, 0))
        for name in FIGURES:
            total[name] += cell[name]
    return [
        {"branch_key": EVERY_BRANCH, "month": m, "group_key": g, **figures}
        for (m, g), figures in sorted(sums.items())
    ]


def _sum_every_branch() -> None:
    c = EngagementCell
    db.session.execute(sa.delete(c).where(c.branch_key == EVERY_BRANCH))
    db.session.execute(
        sa.insert(c).from_select(
            ["branch_key", "month", "group_key", *FIGURES],
            sa.select(
                sa.literal(EVERY_BRANCH),
                c.month,
                c.group_key,
                *(sa.func.sum(getattr(c, name)) for name in FIGURES),
            )
            .where(c.branch_key != EVERY_BRANCH)
            .group_by(c.month, c.group_key),
        )
    )


def refresh_branches(keys) -> None:
    """Recompute the cells of these branch keys, then the sums over every branch."""
    keys = sorted(set(keys) - {EVERY_BRANCH})
    db.session.execute(sa.delete(EngagementCell).where(EngagementCell.branch_key.in_(keys)))
    cells = current_cells(keys)
    if cells:
        db.session.execute(sa.insert(EngagementCell), cells)
    _sum_every_branch()


def bring_engagement_up_to_date() -> int:
    """Bring the per-program results up to date (their refresh marks the programs' branches),
    then recompute the marked branches' cells; return how many programs still wait. The
    caller commits."""
    waiting = results.bring_up_to_date()
    keys, newest = take_marks(BRANCH, REFRESHER_LOCK)
    if newest is not None:
        refresh_branches(keys)
        drop_marks(BRANCH, newest)
    return waiting


def refresh_all_engagement() -> None:
    """Recompute every branch's cells (after writes that bypass the ORM)."""
    _keys, newest = take_marks(BRANCH, REFRESHER_LOCK)
    db.session.execute(sa.delete(EngagementCell))
    refresh_branches(_every_key())
    drop_marks(BRANCH, newest)


def _every_key() -> set:
    """Return the keys of every branch that has programs, consultations or surveys."""
    keys = {NO_BRANCH}
    for column in (Program.branch_id, Consultation.branch_id, CommunitySurvey.branch_id):
        keys.update(branch_key(b) for b in db.session.scalars(sa.select(sa.distinct(column))))
    return keys


def expected_cells() -> list[dict]:
    """Return every cell as freshly computed from the source rows (what the stored equal)."""
    cells = current_cells(_every_key())
    return sorted(cells + every_branch(cells), key=_order)


def stored_cells() -> list[dict]:
    columns = ["branch_key", "month", "group_key", *FIGURES]
    rows = db.session.execute(sa.select(*(getattr(EngagementCell, c) for c in columns)))
    return sorted((dict(zip(columns, row, strict=True)) for row in rows), key=_order)


def _order(cell) -> tuple:
    return (cell["branch_key"], cell["month"], cell["group_key"])


# --- Keeping the cells fresh ---------------------------------------------------------------------


def _mark_program_branches(session) -> None:
    """Before a commit (and before the results hook consumes its notes): mark the branches of
    the programs the results hook noted as changed."""
    session.flush()
    stale = session.info.get(results.STALE)
    if stale:
        mark_program_branches(results._program_ids(stale))


def register_engagement_tracking() -> None:
    """Mark the branches of the programs every commit of db.session touched (once)."""
    if not sa.event.contains(db.session, "before_commit", _mark_program_branches):
        sa.event.listen(db.session, "before_commit", _mark_program_branches, insert=True)
