"""Per-program result figures (reports.models.ProgramResult) and the portfolio cells built on
them, refreshed in the same transaction as any write that changes what they count.

A session hook notes which programs a flush touched (the program itself, its target groups,
sessions, session reports, budget, objectives, form questions, responses, answers or
debriefs); before the transaction commits, refresh() recomputes those programs' rows with the
same SQL aggregates and verdicts the report page uses, then the cells of their fiscal years.
Writes that bypass the ORM (bulk inserts of the benchmark generator) call refresh_all()
afterwards; so does `flask reports refresh-results`.
"""

from contextlib import contextmanager
from itertools import chain

import sqlalchemy as sa
from sqlalchemy.orm import Session

from program_planner.db import locked
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
from program_planner.reports.attainment import AGREE_FROM, INSUFFICIENT, MET, NOT_MET, attainment
from program_planner.reports.export_rows import grouped
from program_planner.reports.models import PortfolioCell, ProgramResult
from program_planner.reports.portfolio_cells import refresh_cells

SATISFACTION_CODE = "satisfaction"
CHUNK = 500  # programs per refresh statement
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


def refresh(program_ids) -> None:
    """Recompute the result rows of these programs (those that still exist) in this transaction,
    then the portfolio cells of the fiscal years they were or are in.

    The programs' rows are locked first (FOR UPDATE on PostgreSQL; SQLite writes one at a time),
    so two transactions refreshing the same program cannot both write figures that miss the
    other's change: the second waits, then counts what the first committed.
    """
    ids = sorted(set(program_ids))
    years = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        existing = list(
            db.session.scalars(
                locked(sa.select(Program.id).where(Program.id.in_(chunk)).order_by(Program.id))
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


def refresh_all() -> int:
    """Recompute every program's result row; return how many programs there are."""
    ids = list(db.session.scalars(sa.select(Program.id).order_by(Program.id)))
    db.session.execute(sa.delete(ProgramResult).where(ProgramResult.program_id.not_in(ids)))
    db.session.execute(sa.delete(PortfolioCell))
    refresh(ids)
    return len(ids)


@contextmanager
def session_on(connection):
    """Make db.session a plain session on this connection for the block (data migrations)."""
    session = Session(bind=connection)
    db.session.registry.set(session)
    try:
        yield session
        session.flush()
    finally:
        db.session.registry.clear()
        session.close()


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


def _refresh_touched(session) -> None:
    """Before a commit: refresh the result rows of every program the transaction touched."""
    session.flush()
    stale = session.info.pop(STALE, None)
    if stale:
        ids = _program_ids(stale)
        if ids:
            refresh(ids)


def _forget_touched(session, *_args) -> None:
    session.info.pop(STALE, None)


def register_results_tracking() -> None:
    """Keep program result rows fresh on every commit of db.session (once per process)."""
    for name, listener in (
        ("before_flush", _note_changed),
        ("after_flush", _note_added),
        ("before_commit", _refresh_touched),
        ("after_rollback", _forget_touched),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)
