"""Record actions in the audit log; forget their client addresses after the retention period."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from program_planner.audit.models import AuditEvent
from program_planner.db import utcnow
from program_planner.extensions import db

FORBIDDEN_DETAIL_KEYS = {"password", "new_password", "current_password", "token", "csrf_token"}


def record(action, *, actor=None, obj=None, ip_address=None, **details) -> AuditEvent:
    """Add an audit event to the session (the caller commits); refuse secrets in details."""
    leaked = FORBIDDEN_DETAIL_KEYS.intersection(details)
    if leaked:
        raise ValueError(f"secrets must never be audited: {sorted(leaked)}")
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        details=details,
        ip_address=ip_address,
    )
    db.session.add(event)
    return event


def recent_events(limit=200, offset=0):
    """Return the latest audit events with their actors, newest first."""
    stmt = (
        db.select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return db.session.scalars(stmt).all()


def address_cutoff(now: datetime, retention_days: int | None = None) -> datetime:
    """Return the time before which events keep no address (AUDIT_IP_RETENTION_DAYS)."""
    if retention_days is None:
        retention_days = current_app.config["AUDIT_IP_RETENTION_DAYS"]
    if retention_days < 0:
        raise ValueError("the audit address retention cannot be negative")
    return now - timedelta(days=retention_days)


def purge_audit_addresses(now: datetime | None = None, retention_days: int | None = None) -> int:
    """Forget the client address of every event older than the retention; return how many.

    The events themselves are kept. Idempotent: a second run, or a run from another server at
    the same time, changes nothing more. Flushes, never commits: the caller (the flask command,
    a periodic task) commits.
    """
    cutoff = address_cutoff(now or utcnow(), retention_days)
    result = db.session.execute(
        sa.update(AuditEvent)
        .where(AuditEvent.occurred_at < cutoff, AuditEvent.ip_address.is_not(None))
        .values(ip_address=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
