"""What the public calendar feeds hold: a bounded window, cancelled sessions kept for a while.

A calendar app polls its feed every few minutes; fingerprint() answers "has anything changed?"
with one aggregate query per table, so a poll with a matching ETag costs no rows at all.
"""

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import contains_eager

from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence, RemovedOccurrence
from program_planner.programs.models import PUBLISHED_STATUSES, Program, Status
from program_planner.venues.models import Venue

DEFAULTS = {
    "CALENDAR_FEED_PAST_DAYS": 90,  # sessions that ended up to this long ago
    "CALENDAR_FEED_FUTURE_DAYS": 365,  # sessions starting up to this far ahead
    "CALENDAR_FEED_CANCELLED_DAYS": 30,  # a cancellation stays in the feed this long
}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def setting(name: str) -> int:
    """Return a feed setting from the app's config, else the environment, else its default."""
    value = current_app.config.get(name)
    return int(os.environ.get(name, DEFAULTS[name]) if value is None else value)


def uid_domain() -> str:
    """Return the stable domain of event UIDs: CALENDAR_UID_DOMAIN, else the public address's."""
    configured = current_app.config.get("CALENDAR_UID_DOMAIN") or os.environ.get(
        "CALENDAR_UID_DOMAIN"
    )
    return configured or urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"


@dataclass(frozen=True)
class Scope:
    """Which feed: the whole library, one branch's, or one program's; at a moment."""

    now: datetime
    branch_id: int | None = None
    program_id: int | None = None

    @property
    def start(self) -> datetime:
        return self.now - timedelta(days=setting("CALENDAR_FEED_PAST_DAYS"))

    @property
    def end(self) -> datetime:
        return self.now + timedelta(days=setting("CALENDAR_FEED_FUTURE_DAYS"))

    @property
    def cancelled_since(self) -> datetime:
        return self.now - timedelta(days=setting("CALENDAR_FEED_CANCELLED_DAYS"))


def _public_programs(scope: Scope):
    """Programs approved or later, and programs cancelled recently after approval."""
    recently_cancelled = sa.and_(
        Program.status == Status.CANCELLED,
        Program.approved_at.is_not(None),
        Program.updated_at >= scope.cancelled_since,
    )
    return sa.or_(Program.status.in_(PUBLISHED_STATUSES), recently_cancelled)


def is_public(program: Program, now: datetime) -> bool:
    """Return whether a program's own feed is served: approved or later, or recently cancelled."""
    stmt = sa.select(Program.id).where(Program.id == program.id, _public_programs(Scope(now)))
    return db.session.scalar(stmt) is not None


def _where(stmt, model, scope: Scope):
    """Limit a statement on sessions (or removed sessions) to the scope's window and place."""
    stmt = stmt.where(model.ends_at >= scope.start, model.starts_at < scope.end)
    if scope.program_id is not None:
        stmt = stmt.where(model.program_id == scope.program_id)
    if scope.branch_id is not None:
        stmt = stmt.where(
            sa.or_(Program.branch_id == scope.branch_id, Venue.branch_id == scope.branch_id)
        )
    return stmt


def _sessions_stmt(model, *columns):
    stmt = sa.select(*columns) if columns else sa.select(model)
    return stmt.select_from(model).join(model.program).outerjoin(model.venue)


def sessions(scope: Scope):
    """Return the feed's live sessions (of approved or recently cancelled programs)."""
    stmt = _where(_sessions_stmt(Occurrence), Occurrence, scope).where(_public_programs(scope))
    stmt = stmt.options(
        contains_eager(Occurrence.program),
        contains_eager(Occurrence.venue).selectinload(Venue.branch),  # LOCATION names it
    )
    return db.session.scalars(stmt.order_by(Occurrence.starts_at, Occurrence.id)).unique().all()


def removed_sessions(scope: Scope):
    """Return the sessions deleted from published programs within the cancelled period."""
    stmt = _where(_sessions_stmt(RemovedOccurrence), RemovedOccurrence, scope).where(
        RemovedOccurrence.removed_at >= scope.cancelled_since
    )
    stmt = stmt.options(
        contains_eager(RemovedOccurrence.program),
        contains_eager(RemovedOccurrence.venue).selectinload(Venue.branch),
    )
    return db.session.scalars(stmt.order_by(RemovedOccurrence.starts_at)).unique().all()


def fingerprint(scope: Scope, language: str) -> tuple[str, datetime]:
    """Return (ETag, Last-Modified) of a feed, from aggregates only, without loading sessions."""
    live = db.session.execute(
        _where(
            _sessions_stmt(
                Occurrence,
                sa.func.count(Occurrence.id),
                sa.func.sum(Occurrence.version + Program.version),
                sa.func.max(Occurrence.updated_at),
                sa.func.max(Program.updated_at),
                sa.func.max(Venue.updated_at),
            ),
            Occurrence,
            scope,
        ).where(_public_programs(scope))
    ).one()
    removed = db.session.execute(
        _where(
            _sessions_stmt(
                RemovedOccurrence,
                sa.func.count(RemovedOccurrence.id),
                sa.func.max(RemovedOccurrence.removed_at),
            ),
            RemovedOccurrence,
            scope,
        ).where(RemovedOccurrence.removed_at >= scope.cancelled_since)
    ).one()
    moments = [m for m in (*live[2:], removed[1]) if m is not None]
    last_modified = max(moments, default=EPOCH).replace(microsecond=0)
    # the window moves a day at a time in the ETag; a session entering it changes the count
    parts = (*live, *removed, scope.start.date(), language, uid_domain())
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32], last_modified


def note_removed(program: Program, occurrence: Occurrence) -> None:
    """Keep a deleted session of a published program so feeds announce it cancelled."""
    if program.status not in PUBLISHED_STATUSES:
        return
    db.session.add(
        RemovedOccurrence(
            id=occurrence.id,
            program_id=program.id,
            venue_id=occurrence.venue_id,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            sequence=occurrence.version + program.version + 1,
            removed_at=utcnow(),
        )
    )
