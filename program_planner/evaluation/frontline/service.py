"""Rules of frontline work: session reports (headcount, first-timers, observations) and paper
forms keyed in by staff. Functions flush, never commit: the views own the transaction."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from program_planner.db import locked, utcnow
from program_planner.evaluation import engine
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.models import (
    OccurrenceReport,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import Program, Status

WORKLIST_DAYS = 90  # how far back the home page looks for sessions still to report
WORKLIST_LIMIT = 50
REPORTED_STATUSES = (Status.APPROVED, Status.SCHEDULED, Status.DELIVERED, Status.EVALUATED)


class ReportConflict(Exception):
    """Someone else saved the session report first."""


def not_started(occurrence: Occurrence, now: datetime | None = None) -> str | None:
    """Return why nothing can be recorded of a session yet (it has not started), or None."""
    if occurrence.starts_at <= (now or utcnow()):
        return None
    start = occurrence.starts_at
    return _(
        "This session has not started yet (it starts %(when)s). Record its headcount and key in "
        "its paper forms once it has begun.",
        when=f"{format_date(start, 'medium')} {format_time(start, 'short')}",
    )


# --- The frontline worklist ------------------------------------------------------------------


@dataclass
class WorkItem:
    """A session whose headcount or paper forms are still to be recorded."""

    occurrence: Occurrence
    report: OccurrenceReport | None
    keyed: int  # paper forms keyed in so far

    @property
    def needs_headcount(self) -> bool:
        return self.report is None

    @property
    def forms_to_key(self) -> int:
        collected = self.report.paper_forms_collected if self.report else None
        return max((collected or 0) - self.keyed, 0)


def sessions_to_report(branch_id: int, now: datetime | None = None) -> list[WorkItem]:
    """Return the branch's sessions that started in the last WORKLIST_DAYS with no headcount or
    with fewer paper forms keyed in than were collected, newest first, in two queries."""
    now = now or utcnow()
    keyed = (
        sa.select(sa.func.count(Response.id))
        .where(Response.occurrence_id == Occurrence.id, Response.channel == ResponseChannel.PAPER)
        .correlate(Occurrence)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(Occurrence, OccurrenceReport, keyed)
        .join(Program, Program.id == Occurrence.program_id)
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(
            Program.branch_id == branch_id,
            Program.status.in_(REPORTED_STATUSES),
            Occurrence.starts_at <= now,
            Occurrence.starts_at > now - timedelta(days=WORKLIST_DAYS),
            sa.or_(
                OccurrenceReport.id.is_(None),
                OccurrenceReport.paper_forms_collected > keyed,
            ),
        )
        .options(joinedload(Occurrence.program))
        .order_by(Occurrence.starts_at.desc(), Occurrence.id.desc())
        .limit(WORKLIST_LIMIT)
    ).all()
    return [WorkItem(occurrence, report, count) for occurrence, report, count in rows]


# --- The program page section ----------------------------------------------------------------


@dataclass
class SessionRow:
    """One session with what frontline staff recorded of it."""

    occurrence: Occurrence
    report: OccurrenceReport | None
    paper_forms: int


@dataclass
class Attendance:
    """A program's sessions with headcounts, and their totals."""

    rows: list = field(default_factory=list)
    expected: int = 0
    headcount: int = 0
    first_time: int = 0
    paper_forms: int = 0
    recorded: int = 0  # sessions with a report


def load_attendance(programs) -> dict:
    """Return {program_id: Attendance} in two queries, however many sessions there are."""
    ids = [p.id for p in programs]
    sessions = db.session.execute(
        sa.select(Occurrence, OccurrenceReport)
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(Occurrence.program_id.in_(ids))
        .order_by(Occurrence.starts_at, Occurrence.id)
    ).all()
    counts = dict(
        db.session.execute(
            sa.select(Response.occurrence_id, sa.func.count(Response.id))
            .join(Occurrence, Occurrence.id == Response.occurrence_id)
            .where(Occurrence.program_id.in_(ids), Response.channel == ResponseChannel.PAPER)
            .group_by(Response.occurrence_id)
        ).all()
    )
    grouped = defaultdict(Attendance)
    for occurrence, report in sessions:
        totals = grouped[occurrence.program_id]
        row = SessionRow(occurrence, report, counts.get(occurrence.id, 0))
        totals.rows.append(row)
        totals.expected += occurrence.expected_attendance or 0
        totals.paper_forms += row.paper_forms
        if report is not None:
            totals.recorded += 1
            totals.headcount += report.headcount
            totals.first_time += report.first_time_count
    return {pid: grouped.get(pid, Attendance()) for pid in ids}


# --- Session reports ---------------------------------------------------------------------------


def load_occurrence(occurrence_id: int) -> Occurrence | None:
    """Return the session with its program and venue, or None."""
    return db.session.scalar(
        sa.select(Occurrence)
        .where(Occurrence.id == occurrence_id)
        .options(joinedload(Occurrence.program))
    )


def report_of(occurrence_id: int, for_update=False) -> OccurrenceReport | None:
    """Return the session's report (locked for a write that decides on it), or None."""
    stmt = sa.select(OccurrenceReport).where(OccurrenceReport.occurrence_id == occurrence_id)
    return db.session.scalar(locked(stmt) if for_update else stmt)


def save_report(
    occurrence,
    report,
    *,
    headcount,
    first_time_count,
    observations,
    user_id,
    paper_forms_collected=None,
    online_headcount=0,
):
    """Create or change the session's report; ReportConflict when another was created first.

    headcount is everyone who attended; online_headcount, of them, who joined a hybrid session
    online.
    """
    values = {
        "headcount": headcount,
        "online_headcount": online_headcount or 0,
        "first_time_count": first_time_count or 0,
        "observations": observations or "",
        "paper_forms_collected": paper_forms_collected,
        "recorded_by_id": user_id,
    }
    if report is not None:
        for name, value in values.items():
            setattr(report, name, value)
        db.session.flush()
        return report
    report = OccurrenceReport(occurrence_id=occurrence.id, **values)
    try:
        with db.session.begin_nested():  # the unique occurrence settles two first saves
            db.session.add(report)
    except sa.exc.IntegrityError:
        raise ReportConflict from None
    return report


# --- Paper forms --------------------------------------------------------------------------------


def paper_count(occurrence_id: int) -> int:
    """Return how many paper forms were keyed in for the session, by anyone."""
    return db.session.scalar(
        sa.select(sa.func.count(Response.id)).where(
            Response.occurrence_id == occurrence_id, Response.channel == ResponseChannel.PAPER
        )
    )


def last_entry(occurrence_id: int, user_id: int) -> Response | None:
    """Return the last paper form this staff member keyed in for the session, with answers."""
    return db.session.scalar(
        sa.select(Response)
        .where(
            Response.occurrence_id == occurrence_id,
            Response.channel == ResponseChannel.PAPER,
            Response.entered_by_id == user_id,
        )
        .options(selectinload(Response.answers))
        .order_by(Response.id.desc())
        .limit(1)
    )


def load_paper_response(response_id: int, for_update=False) -> Response | None:
    """Return a keyed-in paper response with its answers, or None for any other.

    for_update: lock it until the commit and read its answers as locked, not as read earlier.
    """
    stmt = sa.select(Response).where(
        Response.id == response_id, Response.channel == ResponseChannel.PAPER
    )
    if for_update:
        stmt = locked(stmt).execution_options(populate_existing=True)
    response = db.session.scalar(stmt)
    if response is not None:
        if for_update:
            db.session.expire(response, ["answers"])
        response.answers  # noqa: B018 - load them now, in one query
    return response


def keyed_answers(response) -> list[str]:
    """Return what a paper form's answers hold, in a stable order (the version a correction saw)."""
    return sorted(repr((a.question_id, a.value_number, a.value_text)) for a in response.answers)


PAPER_EDITS = ("language", keyed_answers)  # what a correction changes: saving.version_of fields


def save_paper_entry(occurrence, *, submission_key, answers, language, user_id):
    """Store a keyed-in paper form once per submission key; return (response, created)."""
    return engine.save_response(
        program_id=occurrence.program_id,
        submission_key=submission_key,
        answers=answers,
        channel=ResponseChannel.PAPER,
        language=language,
        occurrence_id=occurrence.id,
        entered_by_id=user_id,
    )


def correct_paper_entry(response, questions, answers, language) -> None:
    """Replace the answers to the form's questions; answers to other questions are kept."""
    on_form = {pq.question_id for pq in questions}
    kept = [a for a in response.answers if a.question_id not in on_form]
    response.answers = kept + answers
    response.language = language
    db.session.flush()


def answers_by_question(response) -> dict:
    """Return {question_id: [answers]} of a response."""
    grouped = defaultdict(list)
    for answer in sorted(response.answers, key=lambda a: a.id or 0):
        grouped[answer.question_id].append(answer)
    return grouped


def _answer_text(question, answers, language) -> str:
    return kind_of(question).answer_text(question, answers, language)


def entry_summary(questions, response, language) -> list:
    """Return [(position, question text, answer text or None)] of a keyed-in form."""
    grouped = answers_by_question(response)
    summary = []
    for position, pq in enumerate(questions, start=1):
        answers = grouped.get(pq.question_id)
        text = _answer_text(pq.question, answers, language) if answers else None
        summary.append((position, pq.question.text(language), text))
    return summary
