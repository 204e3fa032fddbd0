"""Record actions in the audit log."""

from sqlalchemy.orm import joinedload

from program_planner.audit.models import AuditEvent
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
