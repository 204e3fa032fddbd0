"""What the home page shows each role."""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import INACTIVE_STATUSES, Program, Status, StatusChange

FINISHED = (*INACTIVE_STATUSES, Status.CLOSED)


def my_programs(user, limit=20):
    """Return the user's programs still in progress, latest change first."""
    return db.session.scalars(
        sa.select(Program)
        .where(Program.owner_id == user.id, Program.status.not_in(FINISHED))
        .order_by(Program.updated_at.desc())
        .limit(limit)
    ).all()


def awaiting_review(limit=20):
    """Return submitted proposals, oldest first, with branch and owner."""
    return db.session.scalars(
        sa.select(Program)
        .where(Program.status == Status.SUBMITTED)
        .options(joinedload(Program.branch), joinedload(Program.owner))
        .order_by(Program.submitted_at.asc().nulls_first(), Program.id)
        .limit(limit)
    ).all()


def resubmitted(programs) -> set[int]:
    """Return the ids of those programs that were returned before (resubmissions), in one query."""
    ids = [p.id for p in programs]
    if not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(StatusChange.program_id).where(
                StatusChange.program_id.in_(ids), StatusChange.action == "return"
            )
        )
    )


def upcoming_sessions(branch_id=None, days=14, limit=30):
    """Return sessions of approved programs in the next days, soonest first."""
    now = utcnow()
    stmt = (
        sa.select(Occurrence)
        .join(Occurrence.program)
        .where(
            Occurrence.starts_at >= now - timedelta(hours=3),
            Occurrence.starts_at < now + timedelta(days=days),
            Program.status.in_((Status.APPROVED, Status.SCHEDULED, Status.DELIVERED)),
        )
        .options(joinedload(Occurrence.program), joinedload(Occurrence.venue))
        .order_by(Occurrence.starts_at)
        .limit(limit)
    )
    if branch_id is not None:
        stmt = stmt.where(Program.branch_id == branch_id)
    return db.session.scalars(stmt).all()
