"""The outbox: each message as rendered for its recipient, and addresses that bounced."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from program_planner.db import Choice, UTCDateTime, enum_column, utcnow
from program_planner.extensions import db


class MailStatus(Choice):
    """Where a message stands."""

    PENDING = "pending"  # waiting to be sent (again, after a failure: see next_attempt_at)
    SENDING = "sending"  # a worker is sending it
    SENT = "sent"
    KEPT = "kept"  # development: not sent, readable on the outbox page
    FAILED = "failed"  # gave up after every attempt
    BOUNCED = "bounced"  # the server refused the address


MailStatus.LABELS = {
    MailStatus.PENDING: _l("Waiting"),
    MailStatus.SENDING: _l("Sending"),
    MailStatus.SENT: _l("Sent"),
    MailStatus.KEPT: _l("Kept (development, not sent)"),
    MailStatus.FAILED: _l("Failed"),
    MailStatus.BOUNCED: _l("Address refused"),
}


class OutboxMessage(db.Model):
    """One email to one recipient, in their language, with its sending history."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    template: Mapped[str] = mapped_column(sa.String(60))
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text)
    headers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[MailStatus] = enum_column(MailStatus, default=MailStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BouncedAddress(db.Model):
    """An address the mail server refused: nothing more is sent to it until it is corrected."""

    __tablename__ = "bounced_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(sa.String(254), unique=True)
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    bounced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
