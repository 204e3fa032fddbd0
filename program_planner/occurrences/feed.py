"""What the public calendar feeds hold: a bounded window, cancelled sessions kept for a while.

A calendar app polls its feed every few minutes, so a poll must cost almost nothing at any size:
answer() reads the feed's version (the newest change of each table, max() over an index: no
session rows) and the stored rendering of that version (FeedCache, shared by every app server).
Only the first poll after a change renders the feed; its ETag is a hash of the content, so a
change elsewhere in the library still answers 304 to calendars that hold this content.
"""

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager

from program_planner.auth.models import Branch
from program_planner.db import begin_write, utcnow
from program_planner.extensions import db
from program_planner.occurrences.models import FeedCache, Occurrence, RemovedOccurrence
from program_planner.programs.models import PUBLISHED_STATUSES, Program, Status
from program_planner.venues.models import Venue

DEFAULTS = {
    "CALENDAR_FEED_PAST_DAYS": 90,  # sessions that ended up to this long ago
    "CALENDAR_FEED_FUTURE_DAYS": 365,  # sessions starting up to this far ahead
    "CALENDAR_FEED_CANCELLED_DAYS": 30,  # a cancellation stays in the feed this long (0: not)
    # a change younger than this may sit beside a transaction not yet committed with an older
    # time: until then the feed is rendered each time, never stored (see version())
    "CALENDAR_FEED_SETTLE_SECONDS": 120,
}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FORMAT = "2"  # bump when the feed's text changes, so stored renderings of the old one go
DTSTAMP = re.compile(rb"^DTSTAMP:[^\r\n]*\r?\n", re.MULTILINE)


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
    def key(self) -> str:
        if self.program_id is not None:
            return f"program-{self.program_id}"
        return "all" if self.branch_id is None else f"branch-{self.branch_id}"

    @property
    def day(self) -> datetime:
        """The window moves a day at a time (UTC midnight), so a feed's content holds all day."""
        return self.now.replace(hour=0, minute=0, second=0, microsecond=0)

    @property
    def start(self) -> datetime:
        return self.day - timedelta(days=setting("CALENDAR_FEED_PAST_DAYS"))

    @property
    def end(self) -> datetime:
        return self.day + timedelta(days=setting("CALENDAR_FEED_FUTURE_DAYS") + 1)

    @property
    def cancelled_since(self) -> datetime | None:
        """Cancellations since this moment stay in the feed; None when none are kept."""
        days = setting("CALENDAR_FEED_CANCELLED_DAYS")
        return self.day - timedelta(days=days) if days > 0 else None


def _public_programs(scope: Scope):
    """Programs approved or later, and programs cancelled recently after approval."""
    published = Program.status.in_(PUBLISHED_STATUSES)
    if scope.cancelled_since is None:
        return published
    recently_cancelled = sa.and_(
        Program.status == Status.CANCELLED,
        Program.approved_at.is_not(None),
        Program.updated_at >= scope.cancelled_since,
    )
    return sa.or_(published, recently_cancelled)


def is_public(program: Program, now: datetime) -> bool:
    """Return whether a program's own feed is served: approved or later, or recently cancelled."""
    stmt = sa.select(Program.id).where(Program.id == program.id, _public_programs(Scope(now)))
    return db.session.scalar(stmt) is not None


def _where(stmt, model, scope: Scope):
    """Limit a statement on sessions (or removed sessions) to the scope's window and place."""
    stmt = stmt.where(model.ends_at >= scope.start, model.starts_at < scope.end)
    if scope.program_id is not None:
        stmt = stmt.where(model.program_id == scope.program_id)
    if scope.branch_id is not None:  # as id lists: the database reads that branch's rows only
        programs = sa.select(Program.id).where(Program.branch_id == scope.branch_id)
        venues = sa.select(Venue.id).where(Venue.branch_id == scope.branch_id)
        stmt = stmt.where(sa.or_(model.program_id.in_(programs), model.venue_id.in_(venues)))
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
    if scope.cancelled_since is None:
        return []
    stmt = _where(_sessions_stmt(RemovedOccurrence), RemovedOccurrence, scope).where(
        RemovedOccurrence.removed_at >= scope.cancelled_since
    )
    stmt = stmt.options(
        contains_eager(RemovedOccurrence.program),
        contains_eager(RemovedOccurrence.venue).selectinload(Venue.branch),
    )
    return db.session.scalars(stmt.order_by(RemovedOccurrence.starts_at)).unique().all()


def _newest_changes():
    """Return the newest change time of each table a feed is made of: max() of indexed columns."""
    newest = [
        sa.select(sa.func.max(column)).scalar_subquery()
        for column in (
            Occurrence.updated_at,
            Program.updated_at,
            Venue.updated_at,
            Branch.updated_at,
            RemovedOccurrence.removed_at,
        )
    ]
    return tuple(db.session.execute(sa.select(*newest)).one())


def version(scope: Scope, language: str) -> tuple[str, bool]:
    """Return (version, settled) of a feed: what its content depends on, without reading it.

    Any change to a session, program, venue or branch anywhere changes the version (feeds are
    not told apart: that would cost reading their rows); the content hash (ETag) tells whether
    this feed really changed. The version is settled once its newest change is older than
    CALENDAR_FEED_SETTLE_SECONDS: a transaction still open may commit a change stamped before
    the newest one seen, so an unsettled version is rendered each time and never stored.
    """
    newest = _newest_changes()
    config = current_app.config
    parts = (
        FORMAT,
        scope.key,
        language,
        scope.day,
        newest,
        tuple(setting(name) for name in sorted(DEFAULTS) if "SETTLE" not in name),
        uid_domain(),
        config["LIBRARY_NAME"],
        config["BABEL_DEFAULT_TIMEZONE"],
    )
    latest = max((moment for moment in newest if moment is not None), default=EPOCH)
    settle = setting("CALENDAR_FEED_SETTLE_SECONDS")
    settled = abs((scope.now - latest).total_seconds()) >= settle
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32], settled


def content_tag(body: bytes) -> str:
    """Return the ETag of a rendered feed: its content's hash, DTSTAMP (the render time) aside."""
    return hashlib.sha256(DTSTAMP.sub(b"", body)).hexdigest()[:32]


@dataclass
class Answer:
    """A feed's ETag and Last-Modified, and its body (read from the cache only when sent)."""

    key: str
    etag: str
    last_modified: datetime
    rendered: bytes | None = None

    def body(self) -> bytes:
        if self.rendered is None:
            stmt = sa.select(FeedCache.body).where(FeedCache.key == self.key)
            self.rendered = db.session.scalar(stmt)
        return self.rendered


def answer(scope: Scope, language: str, render: Callable[[], bytes]) -> Answer:
    """Return the feed's answer: from the stored rendering of its version, else render() it.

    A poll costs two small queries (the version and the stored row without its body); the body
    is read only when it is sent. A new rendering is stored for the other app servers once its
    version is settled.
    """
    key = f"{scope.key}:{language}"
    current, settled = version(scope, language)
    stmt = sa.select(FeedCache.version, FeedCache.etag, FeedCache.last_modified)
    stored = db.session.execute(stmt.where(FeedCache.key == key)).first()
    if settled and stored is not None and stored.version == current:
        return Answer(key, stored.etag, stored.last_modified)
    body = render()
    etag = content_tag(body)
    same = stored is not None and stored.etag == etag
    last_modified = stored.last_modified if same else scope.now.replace(microsecond=0)
    if settled:
        _store(
            FeedCache(key=key, version=current, etag=etag, last_modified=last_modified, body=body)
        )
    return Answer(key, etag, last_modified, body)


def _store(row: FeedCache) -> None:
    """Upsert a rendering in a short transaction of its own; a busy database only skips it.

    This is a cache written by a GET: it is nobody's work, so it never waits long, never fails
    the request, and two servers storing the same feed at once simply both write it.
    """
    values = {c.key: getattr(row, c.key) for c in FeedCache.__table__.columns}
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(FeedCache)
    stmt = insert.values(**values).on_conflict_do_update(
        index_elements=[FeedCache.key], set_={k: v for k, v in values.items() if k != "key"}
    )
    try:
        begin_write(db.session)
        db.session.execute(stmt)
        db.session.commit()
    except sa.exc.DBAPIError:
        db.session.rollback()


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
