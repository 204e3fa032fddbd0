"""Stored budget figures: the roll-up adds up a few cells per branch and year, not every line.

The write path stays small: a session hook notes the programs whose budget lines changed and the
programs whose status, branch or fiscal year changed, and before the commit inserts one
BudgetMark per branch and fiscal year they were or are in (one INSERT … SELECT). Before the
roll-up reads, bring_budget_up_to_date() recomputes the cells of the marked branch-years from
the budget lines (a branch-year is a few hundred lines at full scale) and deletes the marks it
consumed; one refresher at a time (an advisory lock on PostgreSQL, BEGIN IMMEDIATE on SQLite).
A mark written meanwhile survives for the next read. Cells are recomputed, never adjusted, so a
second refresh is harmless. Writes that bypass the ORM (the benchmark's bulk load, a restore)
call refresh_all_budget_cells() afterwards.
"""

import sqlalchemy as sa

from program_planner.db import begin_write
from program_planner.extensions import db
from program_planner.planning.models import MONEY, BudgetCell, BudgetLine, BudgetMark
from program_planner.programs.models import INACTIVE_STATUSES, Program

REFRESHER_LOCK = 7_401_311  # PostgreSQL advisory lock: one budget refresher at a time
STALE = "budget_cells_stale"
CHUNK = 400  # branch-years or marks per statement
# a program's change that moves its lines (its branch also by relationship: the id is set at flush)
WATCHED = ("status", "branch_id", "branch", "fiscal_year")
DIMENSIONS = {
    "total": sa.literal(""),
    "category": BudgetLine.category,
    "source": BudgetLine.funding_source,
}


def _sums():
    """Planned, actual and variance sums and the programs counted, as the roll-up shows them."""
    return (
        sa.func.coalesce(sa.func.sum(BudgetLine.planned, type_=MONEY), 0),
        sa.func.sum(BudgetLine.actual, type_=MONEY),
        sa.func.sum(
            sa.case(
                (BudgetLine.actual.is_not(None), BudgetLine.actual - BudgetLine.planned),
                else_=None,
            ),
            type_=MONEY,
        ),
        sa.func.count(sa.distinct(BudgetLine.program_id)),
    )


def _insert_cells(where) -> None:
    """Insert the cells of the branch-years chosen by `where` (a condition on Program)."""
    columns = ("fiscal_year", "branch_id", "dimension", "value")
    columns += ("planned", "actual", "variance", "programs")
    for dimension, value in DIMENSIONS.items():
        select = (
            sa.select(
                Program.fiscal_year,
                Program.branch_id,
                sa.literal(dimension),
                sa.cast(value, sa.String(32)),
                *_sums(),
            )
            .select_from(BudgetLine)
            .join(Program, Program.id == BudgetLine.program_id)
            .where(Program.status.not_in(INACTIVE_STATUSES), where)
            .group_by(Program.fiscal_year, Program.branch_id, value)
        )
        db.session.execute(sa.insert(BudgetCell).from_select(columns, select))


def _take_refresher_lock() -> None:
    """Begin a writing transaction and wait for any other budget refresher to finish."""
    begin_write(db.session)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(REFRESHER_LOCK)))


def bring_budget_up_to_date() -> bool:
    """Recompute the cells of every marked branch-year and delete those marks; return whether
    anything was written (the caller commits).

    A read with nothing marked issues one statement and writes nothing. Only the marks seen
    before recomputing are deleted: one committed meanwhile waits for the next read.
    """
    if db.session.scalar(sa.select(BudgetMark.id).limit(1)) is None:
        return False
    _take_refresher_lock()
    marks = db.session.execute(
        sa.select(BudgetMark.id, BudgetMark.fiscal_year, BudgetMark.branch_id)
    ).all()
    if not marks:
        return True
    pairs = sorted({(year, branch) for _id, year, branch in marks})
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        db.session.execute(
            sa.delete(BudgetCell).where(
                sa.tuple_(BudgetCell.fiscal_year, BudgetCell.branch_id).in_(chunk)
            )
        )
        _insert_cells(sa.tuple_(Program.fiscal_year, Program.branch_id).in_(chunk))
    ids = sorted(mark_id for mark_id, _year, _branch in marks)
    for start in range(0, len(ids), CHUNK):
        db.session.execute(
            sa.delete(BudgetMark).where(BudgetMark.id.in_(ids[start : start + CHUNK]))
        )
    return True


def refresh_all_budget_cells() -> None:
    """Recompute every cell from the budget lines; the caller commits."""
    _take_refresher_lock()
    db.session.execute(sa.delete(BudgetMark))
    db.session.execute(sa.delete(BudgetCell))
    _insert_cells(sa.true())


# --- Keeping the cells fresh ---------------------------------------------------------------------


def _stale(session) -> set:
    return session.info.setdefault(STALE, set())


def _moved(program) -> bool:
    state = sa.inspect(program)
    return any(state.attrs[name].history.has_changes() for name in WATCHED)


def mark_programs(ids, session=None) -> None:
    """Mark the branch-years these programs are in now (as the database has them).

    The session hooks call it; so does a write that goes around the ORM, with the programs
    before and after it.
    """
    session = session or db.session
    ids = sorted(i for i in ids if i is not None)
    if ids:
        where = sa.select(Program.fiscal_year, Program.branch_id).where(Program.id.in_(ids))
        session.execute(
            sa.insert(BudgetMark).from_select(["fiscal_year", "branch_id"], where.distinct())
        )


def _note_changed(session, _flush_context, _instances) -> None:
    """Before a flush: mark where moved or deleted programs were; note changed lines' programs."""
    stale = _stale(session)
    before = []
    with session.no_autoflush:
        for obj in session.dirty:
            if isinstance(obj, Program) and _moved(obj):
                before.append(obj.id)
                stale.add(obj.id)
            elif isinstance(obj, BudgetLine) and session.is_modified(obj):
                stale.add(obj.program_id)
        for obj in session.deleted:
            if isinstance(obj, Program):
                before.append(obj.id)
            elif isinstance(obj, BudgetLine):
                stale.add(obj.program_id)
    with session.no_autoflush:
        mark_programs(before, session)  # the rows still hold where they were


def _note_added(session, _flush_context) -> None:
    """After a flush: note the programs of added lines, now that they have their ids."""
    stale = _stale(session)
    for obj in session.new:
        if isinstance(obj, BudgetLine):
            stale.add(obj.program_id)


def _mark_touched(session) -> None:
    """Before a commit: mark the branch-years of the programs the transaction touched."""
    session.flush()
    stale = session.info.pop(STALE, None)
    if stale:
        mark_programs(stale, session)


def _forget_touched(session, *_args) -> None:
    session.info.pop(STALE, None)


def register_budget_tracking() -> None:
    """Mark the branch-years every commit of db.session touched (once per process)."""
    for name, listener in (
        ("before_flush", _note_changed),
        ("after_flush", _note_added),
        ("before_commit", _mark_touched),
        ("after_rollback", _forget_touched),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)
