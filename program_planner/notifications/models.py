"""Notices in a staff member's inbox, and the reminders already sent (each one goes once)."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.auth.models import User
from program_planner.db import Choice, UTCDateTime, utcnow
from program_planner.extensions import db


class EmailNotices(Choice):
    """How a staff member's notices reach them by email (users.email_notices)."""

    IMMEDIATELY = "immediately"
    DIGEST = "digest"
    NONE = "none"


EmailNotices.LABELS = {
    EmailNotices.IMMEDIATELY: _l("Immediately, one email per notice"),
    EmailNotices.DIGEST: _l("Once a day, one email with the previous day's unread notices"),
    EmailNotices.NONE: _l("Never: only in Program Planner"),
}


class Notification(db.Model):
    """One notice to one staff member: what happened (kind + parameters), read or not.

    The text is not stored: it is rendered from kind and params in the reader's language when
    shown or mailed. The actor is a reference, so an erased account reads as "former staff".
    """

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_recipient_id_read_at", "recipient_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    # a foreign key by table name: notifications sit below programs and never import them
    program_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])


class ReminderSent(db.Model):
    """A reminder that went out (kind + the object it is about): never sent a second time."""

    __tablename__ = "reminders_sent"
    __table_args__ = (sa.UniqueConstraint("kind", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int] = mapped_column()
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
