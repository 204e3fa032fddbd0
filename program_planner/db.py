"""Declarative base, column types and the database's concurrency rules."""

import enum
import random
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    declared_attr,
    mapped_column,
    scoped_session,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Store timestamps as naive UTC and hand them back aware, on every database."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store aware UTC datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    """Creation and last-change times, in UTC."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Set SQLite up for concurrent use: WAL, busy timeout, foreign keys, explicit BEGIN."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's lower() folds only ASCII: make "École" and "école" equal, as on PostgreSQL
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("sqlite_begin_immediate", may_write())
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_reading_only: ContextVar[bool] = ContextVar("reading_only", default=False)


@contextmanager
def reading_only():
    """Let transactions begun in the block read without the write lock (long reads in jobs).

    A long export must not hold SQLite's write lock for its whole run. Writes in the block go
    through begin_write() (or a short transaction of their own).
    """
    token = _reading_only.set(True)
    try:
        yield
    finally:
        _reading_only.reset(token)


def may_write() -> bool:
    """Return whether the current work may write: every request but GET, HEAD and OPTIONS, and
    all work outside a request (commands, tasks).

    On SQLite such work begins its transactions IMMEDIATE, taking the write lock (waiting up to
    the busy timeout) before it reads, so it never fails with "database is locked" when another
    write commits between its read and its write. Safe requests only read; the rare one that
    writes calls begin_write() first.
    """
    if _reading_only.get():
        return False
    return not has_request_context() or request.method not in SAFE_METHODS


def begin_write(session: Session) -> None:
    """Start a transaction that holds the write lock, for writes that read and then decide.

    On SQLite the transaction begins IMMEDIATE (a deferred one that reads and then writes fails
    at once with "database is locked"); POST requests already begin so (may_write), so this
    matters for the rare GET that writes. On PostgreSQL, lock the rows you decide on with
    `locked(stmt)`. Reads made earlier in a deferred transaction are committed first, as
    nothing was written yet.
    """
    if isinstance(session, scoped_session):
        session = session()
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("begin_write() called with unsaved changes in the session")
        if session.get_bind().dialect.name != "sqlite" or may_write():
            return  # PostgreSQL needs no new transaction; SQLite's already holds the lock
        session.commit()
    session.connection(execution_options={"sqlite_begin_immediate": True})


def locked(stmt: sa.Select) -> sa.Select:
    """Return stmt with FOR UPDATE, so PostgreSQL locks the rows read until the commit."""
    return stmt.with_for_update()


class Choice(enum.StrEnum):
    """A stored choice whose label, for people, is translated; set Cls.LABELS after the class."""

    @property
    def label(self):
        """Return this choice's name for people, in their language."""
        return type(self).LABELS[self]

    @classmethod
    def choices(cls):
        """Return (value, label) pairs for a form's select."""
        return [(member.value, member.label) for member in cls]


def enum_column(enum_cls, **kwargs):
    """Return a mapped column storing a Choice by value, as a VARCHAR (no database enum type)."""
    return mapped_column(
        sa.Enum(
            enum_cls,
            native_enum=False,
            length=32,
            create_constraint=False,
            values_callable=lambda e: [m.value for m in e],
        ),
        **kwargs,
    )


class VersionedMixin:
    """An optimistic-lock version: a save based on an older version is refused, not lost."""

    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.__table__.c.version}


RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock detected
RETRY_ATTEMPTS = 4


def is_retryable(error: Exception) -> bool:
    """Return whether a database error is PostgreSQL's "try again" (deadlock, serialization)."""
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) in RETRYABLE_SQLSTATES


def commit_idempotent(session: Session, work):
    """Run work() and commit; on a deadlock or serialization failure roll back and run it again.

    Only for work that gives the same outcome when repeated (a public post with its submission
    key), so a person never sees an error the database could settle by trying again.
    """
    for attempt in range(RETRY_ATTEMPTS):
        try:
            result = work()
            session.commit()
            return result
        except sa.exc.DBAPIError as error:
            session.rollback()
            if not is_retryable(error) or attempt == RETRY_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311 - jitter only
