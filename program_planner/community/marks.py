"""Marks that ask for the stored community figures to be brought up to date.

The write path stays small, as for the per-program results (reports/results.py): a session hook
notes what a transaction touched — consultations (their branch), community surveys, responses
and their answers, programs moved to another branch or deleted — and before the commit inserts
one CommunityMark per branch ("branch") and per survey ("survey"). Nothing is recomputed in the
writer's transaction. Before a page reads the stored figures, its refresher recomputes the
marked branches' (or surveys') figures from the source rows and deletes the marks it consumed;
a mark written meanwhile survives for the next read. Program changes reach the branch marks
through the programs' own result marks (reports/results.py marks their branches when it
refreshes them).
"""

from itertools import chain

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from program_planner.community.models import Consultation
from program_planner.community.survey.models import CommunitySurvey, SurveyAnswer, SurveyResponse
from program_planner.db import begin_write
from program_planner.extensions import db
from program_planner.programs.models import Program

BRANCH, SURVEY = "branch", "survey"
NO_BRANCH = -1  # the branch key of rows that belong to no branch (a survey of the whole system)
STALE = "community_figures_stale"


class CommunityMark(db.Model):
    """A branch's engagement figures or a survey's results to recompute before the next read."""

    __tablename__ = "community_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(8), index=True)  # BRANCH or SURVEY
    ref: Mapped[int] = mapped_column()  # the branch id (NO_BRANCH) or the survey id


def branch_key(branch_id) -> int:
    return NO_BRANCH if branch_id is None else branch_id


def mark(kind: str, refs) -> None:
    """Insert one mark per ref (in the caller's transaction)."""
    refs = sorted({int(r) for r in refs})
    if refs:
        db.session.execute(sa.insert(CommunityMark), [{"kind": kind, "ref": r} for r in refs])


def mark_program_branches(program_ids) -> None:
    """Mark the branches of these programs (their engagement figures changed with them)."""
    ids = sorted(set(program_ids))
    if not ids:
        return
    rows = db.session.scalars(sa.select(Program.branch_id).where(Program.id.in_(ids)).distinct())
    mark(BRANCH, [branch_key(b) for b in rows])


def _stale(session) -> dict:
    return session.info.setdefault(STALE, {"branches": set(), "surveys": set(), "responses": set()})


def _branches(obj) -> tuple[bool, set]:
    """Return (whether obj's branch changed, its branch keys before and after the change).

    A branch set through the relationship only sets branch_id during the flush, so both are
    read."""
    state = sa.inspect(obj)
    ids = {obj.branch_id}
    moved = False
    for name in ("branch_id", "branch"):
        if name not in state.attrs:
            continue
        history = state.attrs[name].history
        moved = moved or history.has_changes()
        for value in chain(history.added or (), history.deleted or ()):
            ids.add(getattr(value, "id", value))
    return moved, {branch_key(b) for b in ids}


def _note(stale, obj, deleted=False) -> None:
    if isinstance(obj, Consultation):
        stale["branches"].update(_branches(obj)[1])
    elif isinstance(obj, CommunitySurvey):
        stale["surveys"].add(obj.id)
        stale["branches"].update(_branches(obj)[1])
    elif isinstance(obj, SurveyResponse):
        history = sa.inspect(obj).attrs["survey_id"].history
        stale["surveys"].update([obj.survey_id, *(history.deleted or ())])
    elif isinstance(obj, SurveyAnswer):
        stale["responses"].add(obj.response_id)
    elif isinstance(obj, Program):
        moved, keys = _branches(obj)
        if moved or deleted:
            stale["branches"].update(keys)


def _note_changed(session, _flush_context, _instances) -> None:
    stale = _stale(session)
    with session.no_autoflush:
        for obj in session.dirty:
            _note(stale, obj)
        for obj in session.deleted:
            _note(stale, obj, deleted=True)


def _note_added(session, _flush_context) -> None:
    stale = _stale(session)
    for obj in session.new:
        if not isinstance(obj, Program):  # a new program is marked through its results
            _note(stale, obj)


def _mark_touched(session) -> None:
    """Before a commit: mark every branch and survey the transaction touched."""
    session.flush()
    stale = session.info.pop(STALE, None)
    if not stale:
        return
    surveys = {s for s in stale["surveys"] if s is not None}
    responses = [r for r in stale["responses"] if r is not None]
    if responses:
        stmt = sa.select(SurveyResponse.survey_id).where(SurveyResponse.id.in_(responses))
        surveys.update(session.scalars(stmt))
    branches = set(stale["branches"])
    if surveys:
        stmt = sa.select(CommunitySurvey.branch_id).where(CommunitySurvey.id.in_(surveys))
        branches.update(branch_key(b) for b in session.scalars(stmt))
    mark(BRANCH, branches)
    mark(SURVEY, surveys)


def _forget_touched(session, *_args) -> None:
    session.info.pop(STALE, None)


def register_mark_tracking() -> None:
    """Mark the branches and surveys every commit of db.session touched (once per process)."""
    for name, listener in (
        ("before_flush", _note_changed),
        ("after_flush", _note_added),
        ("before_commit", _mark_touched),
        ("after_rollback", _forget_touched),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)


def take_marks(kind: str, lock: int) -> tuple[list, int | None]:
    """Take the refresher lock and return (refs marked, newest mark id) of a kind."""
    first = sa.select(CommunityMark.id).where(CommunityMark.kind == kind).limit(1)
    if db.session.scalar(first) is None:
        return [], None
    begin_write(db.session)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(lock)))
    newest = db.session.scalar(
        sa.select(sa.func.max(CommunityMark.id)).where(CommunityMark.kind == kind)
    )
    refs = db.session.scalars(
        sa.select(CommunityMark.ref)
        .where(CommunityMark.kind == kind, CommunityMark.id <= newest)
        .distinct()
        .order_by(CommunityMark.ref)
    )
    return list(refs), newest


def drop_marks(kind: str, newest: int | None) -> None:
    """Delete the marks of a kind up to newest (those consumed by a refresh)."""
    if newest is not None:
        db.session.execute(
            sa.delete(CommunityMark).where(CommunityMark.kind == kind, CommunityMark.id <= newest)
        )


def month_of(column, session=None):
    """Return an SQL expression of an instant's (or a day's) UTC month as 'YYYY-MM'."""
    session = session or db.session
    if session.get_bind().dialect.name == "postgresql":  # instants are stored as naive UTC
        return sa.func.to_char(column, sa.literal_column("'YYYY-MM'"))
    return sa.func.strftime(sa.literal_column("'%Y-%m'"), column)  # literal: the same in GROUP BY
