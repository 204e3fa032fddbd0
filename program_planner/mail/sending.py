"""Send what waits in the outbox over SMTP, with retries and backoff; bounces mark addresses."""

import contextlib
import logging
import smtplib
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_mail import Message

from program_planner.db import utcnow
from program_planner.extensions import db, mail
from program_planner.mail.models import MailStatus, OutboxMessage
from program_planner.mail.service import mark_bounced

log = logging.getLogger(__name__)
BACKOFF_MINUTES = (1, 5, 15, 60, 240, 720)  # after each failed attempt; then give up
BATCH = 50
SENDING_TOO_LONG = timedelta(minutes=10)  # a claim of a worker that died is released


def _claim(now, limit) -> list[int]:
    """Mark due messages as being sent by this worker; commit; return their ids."""
    db.session.execute(  # release claims of a worker that stopped mid-send
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.status == MailStatus.SENDING,
            OutboxMessage.next_attempt_at < now - SENDING_TOO_LONG,
        )
        .values(status=MailStatus.PENDING)
    )
    ids = list(
        db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(OutboxMessage.status == MailStatus.PENDING, OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )
    claimed = []
    for message_id in ids:  # one winner per message, whichever worker gets there first
        won = db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == MailStatus.PENDING)
            .values(status=MailStatus.SENDING, next_attempt_at=now)
        ).rowcount
        if won:
            claimed.append(message_id)
    db.session.commit()
    return claimed


def _as_mail(message: OutboxMessage) -> Message:
    config = current_app.config
    mail_message = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.text_body,
        html=message.html_body,
        sender=config["MAIL_DEFAULT_SENDER"],
        reply_to=config.get("MAIL_REPLY_TO") or None,
        extra_headers={"Auto-Submitted": "auto-generated", **(message.headers or {})},
    )
    return mail_message


def send_due(now=None, limit=BATCH) -> dict:
    """Send the messages that are due; return how many were sent, retried, bounced, failed."""
    now = now or utcnow()
    ids = _claim(now, limit)
    outcome = {"sent": 0, "retry": 0, "bounced": 0, "failed": 0, "kept": 0}
    if not ids:
        return outcome
    keep_only = current_app.config["MAIL_BACKEND"] == "outbox"
    connection = None
    try:
        for message_id in ids:
            message = db.session.get(OutboxMessage, message_id)
            message.attempts += 1
            try:
                if keep_only:
                    message.status = MailStatus.KEPT
                else:
                    if connection is None:
                        connection = mail.connect().__enter__()
                    connection.send(_as_mail(message))
                    message.status, message.sent_at = MailStatus.SENT, utcnow()
            except smtplib.SMTPRecipientsRefused as error:
                if _permanent(error):
                    message.status, message.last_error = MailStatus.BOUNCED, str(error)[:2000]
                    mark_bounced(message.recipient, str(error))
                else:
                    _retry_later(message, error, now)
            except (smtplib.SMTPException, OSError) as error:
                _retry_later(message, error, now)
                connection = _drop(connection)
            outcome[_outcome(message.status)] += 1
            db.session.commit()
    finally:
        _drop(connection)
    return outcome


def _permanent(error: smtplib.SMTPRecipientsRefused) -> bool:
    """Return whether the server refused the address for good (5xx), not for now (4xx)."""
    return all(code >= 500 for code, _text in error.recipients.values())


def _retry_later(message, error, now) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts > len(BACKOFF_MINUTES):
        message.status = MailStatus.FAILED
        log.error("gave up mailing message %s: %s", message.id, message.last_error)
    else:
        message.status = MailStatus.PENDING
        message.next_attempt_at = now + timedelta(minutes=BACKOFF_MINUTES[message.attempts - 1])


def _outcome(status) -> str:
    return {
        MailStatus.SENT: "sent",
        MailStatus.PENDING: "retry",
        MailStatus.BOUNCED: "bounced",
        MailStatus.FAILED: "failed",
        MailStatus.KEPT: "kept",
    }[status]


def _drop(connection):
    if connection is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.__exit__(None, None, None)
    return None
