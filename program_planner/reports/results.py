"""Per-program result figures (reports.models.ProgramResult) and the portfolio cells built on
them, brought up to date before they are read.

The annual statistics' month cells (reports.annual.cells) ride on the same marks.

The write path stays small: a session hook notes which programs a flush touched (the program
itself, its target groups, sessions, session reports, budget, objectives, form questions,
responses, answers or debriefs) and, in the writer's own transaction, inserts one ResultMark
per program — an insert that locks nothing anyone else waits for. A room of attendees posting
one form at once therefore never queues behind a recomputation, and no writer takes a lock on
a program row after inserting a child of it (the PostgreSQL deadlock of a FOR UPDATE after a
key-share lock).

Before the dashboard reads the stored figures, bring_up_to_date() recomputes the marked
programs' rows with the same SQL aggregates and verdicts the report page uses, then the cells of
their fiscal years, and deletes the marks it consumed. Only one refresher runs at a time (an
advisory lock on PostgreSQL; BEGIN IMMEDIATE on SQLite). A mark committed while a refresh runs
survives it, so the next read recomputes that program again: figures are recomputed from the
source rows, never adjusted, so a second refresh is harmless. Writes that bypass the ORM (bulk
inserts of the benchmark generator) call refresh_all() afterwards; so does
`flask reports refresh-results`.
"""

from itertools import chain

import sqlalchemy as sa

from program_planner.db import begin_write
from program_planner.evaluation.models import (
    Answer,
    Debrief,
    OccurrenceReport,
    ProgramQuestion,
    Question,
    Response,
    ResponseKind,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import BudgetLine, Objective, ProgramTargetGroup
from program_planner.programs.models import Program
from program_planner.reports.annual import cells as annual_cells
from program_planner.reports.annual.models import ProgramCounting, Recording
from program_planner.reports.attainment import AGREE_FROM, INSUFFICIENT, MET, NOT_MET, attainment
from program_planner.reports.dashboard.cells import refresh_cells
from program_planner.reports.export.rows import grouped
from program_planner.reports.models import PortfolioCell, ProgramResult, ResultMark

SATISFACTION_CODE = "satisfaction"
CHUNK = 500  # programs per refresh statement
REFRESH_LIMIT = 200  # marked programs one read brings up to date; the rest wait for the next
REFRESHER_LOCK = 7_400_999  # PostgreSQL advisory lock: one refresher at a time
STALE = "program_results_stale"
# models whose rows carry their program's id
BY_PROGRAM = (
    Objective,
    BudgetLine,
    Occurrence,
    Response,
    Debrief,
    ProgramQuestion,
    ProgramTargetGroup,
    ProgramCounting,
    Recording,
)


def current_figures(ids) -> dict:
    """Return {program_id: {column: value}} of ProgramResult for these programs (few queries)."""
    sessions = grouped(
        sa.select(
            Occurrence.program_id,
            sa.func.count(Occurrence.id),
            sa.func.sum(OccurrenceReport.headcount),
            sa.func.sum(OccurrenceReport.first_time_count),
        )
        .outerjoin(OccurrenceReport, OccurrenceReport.occurrence_id == Occurrence.id)
        .where(Occurrence.program_id.in_(ids))
        .group_by(Occurrence.program_id)
    )
    spent = grouped(
        sa.select(BudgetLine.program_id, sa.func.sum(BudgetLine.actual))
        .where(BudgetLine.program_id.in_(ids))
        .group_by(BudgetLine.program_id)
    )
    ratings = grouped(
        sa.select(
            Response.program_id,
            sa.func.count(Answer.id),
            sa.func.sum(Answer.value_number),
            sa.func.sum(sa.case((Answer.value_number >= AGREE_FROM, 1), else_=0)),
        )
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Response.program_id.in_(ids),
            Question.code == SATISFACTION_CODE,
            Response.kind == ResponseKind.IMMEDIATE,
            Answer.value_number.is_not(None),
        )
        .group_by(Response.program_id)
    )
    responses = grouped(
        sa.select(Response.program_id, sa.func.count(Response.id))
        .where(Response.program_id.in_(ids))
        .group_by(Response.program_id)
    )
    debriefs = grouped(
        sa.select(Debrief.program_id, sa.func.count(Debrief.id))
        .where(Debrief.program_id.in_(ids))
        .group_by(Debrief.program_id)
    )
    verdicts = attainment(ids)
    years = dict(
        db.session.execute(
            sa.select(Program.id, Program.fiscal_year).where(Program.id.in_(ids))
        ).all()
    )
    figures = {}
    for pid in ids:
        count, headcount, first_time = sessions.get(pid, (0, 0, 0))
        sat_n, sat_total, sat_agree = ratings.get(pid, (0, 0, 0))
        judged = [r.verdict for r in verdicts.get(pid, [])]
        figures[pid] = {
            "program_id": pid,
            "fiscal_year": years.get(pid),
            "sessions": int(count or 0),
            "attendance": int(headcount or 0),
            "first_time": int(first_time or 0),
            "actual": spent.get(pid, (None,))[0],
            "satisfaction_n": int(sat_n or 0),
            "satisfaction_total": sat_total or 0,
            "satisfaction_agree": int(sat_agree or 0),
            "responses": responses.get(pid, (0,))[0],
            "debriefs": debriefs.get(pid, (0,))[0],
            "objectives_met": judged.count(MET),
            "objectives_not_met": judged.count(NOT_MET),
            "objectives_insufficient": judged.count(INSUFFICIENT),
        }
    return figures


def refresh(program_ids, annual: bool = True) -> None:
    """Recompute the result rows of these programs (those that still exist) in this transaction,
    then the portfolio cells of the fiscal years they were or are in, and the annual statistics'
    cells of the months they were or are in (hold the refresher lock).
    """
    ids = sorted(set(program_ids))
    years = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        existing = list(
            db.session.scalars(
                sa.select(Program.id).where(Program.id.in_(chunk)).order_by(Program.id)
            )
        )
        years.update(
            db.session.scalars(
                sa.select(ProgramResult.fiscal_year).where(ProgramResult.program_id.in_(chunk))
            )
        )
        db.session.execute(sa.delete(ProgramResult).where(ProgramResult.program_id.in_(chunk)))
        if existing:
            rows = list(current_figures(existing).values())
            db.session.execute(sa.insert(ProgramResult), rows)
            years.update(row["fiscal_year"] for row in rows)
    refresh_cells(years)
    if annual:
        annual_cells.refresh_programs(ids)


def _take_refresher_lock() -> None:
    """Begin a writing transaction and wait for any other refresher to finish."""
    begin_write(db.session)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(REFRESHER_LOCK)))


def pending_count() -> int:
    """Return how many programs' stored figures wait for a refresh."""
    stmt = sa.select(sa.func.count(sa.distinct(ResultMark.program_id)))
    return db.session.scalar(stmt) or 0


def bring_up_to_date(limit: int = REFRESH_LIMIT) -> int:
    """Recompute the figures of up to `limit` marked programs; return how many still wait.

    Reads the marks first without any lock, so a read with nothing to do writes nothing. The
    caller commits.
    """
    if db.session.scalar(sa.select(ResultMark.id).limit(1)) is None:
        return 0
    _take_refresher_lock()
    newest = db.session.scalar(sa.select(sa.func.max(ResultMark.id)))
    if newest is None:
        return 0
    ids = list(
        db.session.scalars(
            sa.select(ResultMark.program_id)
            .where(ResultMark.id <= newest)
            .group_by(ResultMark.program_id)
            .order_by(ResultMark.program_id)
            .limit(limit)
        )
    )
    refresh(ids)
    db.session.execute(
        sa.delete(ResultMark).where(ResultMark.id <= newest, ResultMark.program_id.in_(ids))
    )
    return pending_count()


def refresh_all() -> int:
    """Recompute every program's result row; return how many programs there are."""
    _take_refresher_lock()
    ids = list(db.session.scalars(sa.select(Program.id).order_by(Program.id)))
    db.session.execute(sa.delete(ResultMark))
    db.session.execute(sa.delete(ProgramResult).where(ProgramResult.program_id.not_in(ids)))
    db.session.execute(sa.delete(PortfolioCell))
    refresh(ids, annual=False)
    annual_cells.refresh_everything()
    return len(ids)


# --- Keeping the rows fresh ----------------------------------------------------------------------


def _stale(session) -> dict:
    return session.info.setdefault(
        STALE, {"programs": set(), "occurrences": set(), "responses": set()}
    )


def _note(stale, obj) -> None:
    """Remember the program (or session, response) whose figures obj's change affects."""
    if isinstance(obj, Program):
        stale["programs"].add(obj.id)
    elif isinstance(obj, BY_PROGRAM):
        stale["programs"].add(obj.program_id)
    elif isinstance(obj, OccurrenceReport):
        stale["occurrences"].add(obj.occurrence_id)
    elif isinstance(obj, Answer):
        stale["responses"].add(obj.response_id)
    elif isinstance(obj, Question) and obj.program_id is not None:
        stale["programs"].add(obj.program_id)


def _note_changed(session, _flush_context, _instances) -> None:
    """Before a flush: note what is changed or deleted (its rows can still be read)."""
    stale = _stale(session)
    with session.no_autoflush:
        for obj in chain(session.dirty, session.deleted):
            _note(stale, obj)


def _note_added(session, _flush_context) -> None:
    """After a flush: note what was added (a new program gets its row), now that it has ids."""
    stale = _stale(session)
    for obj in session.new:
        _note(stale, obj)


def _program_ids(stale) -> set:
    """Return the program ids of what a transaction touched."""
    ids = {pid for pid in stale["programs"] if pid is not None}
    occurrences = [i for i in stale["occurrences"] if i is not None]
    responses = [i for i in stale["responses"] if i is not None]
    if occurrences:
        stmt = sa.select(Occurrence.program_id).where(Occurrence.id.in_(occurrences))
        ids.update(db.session.scalars(stmt))
    if responses:
        stmt = sa.select(Response.program_id).where(Response.id.in_(responses))
        ids.update(db.session.scalars(stmt))
    return ids


def _mark_touched(session) -> None:
    """Before a commit: mark every program the transaction touched for a refresh."""
    session.flush()
    stale = session.info.pop(STALE, None)
    if stale:
        ids = _program_ids(stale)
        if ids:
            session.execute(sa.insert(ResultMark), [{"program_id": pid} for pid in sorted(ids)])


def _forget_touched(session, *_args) -> None:
    session.info.pop(STALE, None)


def register_results_tracking() -> None:
    """Mark the programs every commit of db.session touched (once per process)."""
    for name, listener in (
        ("before_flush", _note_changed),
        ("after_flush", _note_added),
        ("before_commit", _mark_touched),
        ("after_rollback", _forget_touched),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)
