"""Put a message in the outbox: rendered once, in the recipient's language, sent after commit.

A mail template is one file, mail/<name>.html, extending mail/_layout.html with three blocks:
subject, text (the plain part) and body (the HTML part).
"""

import html as html_module
import logging

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import force_locale

from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.mail.models import BouncedAddress, MailStatus, OutboxMessage

log = logging.getLogger(__name__)
TO_SEND = "mail_to_send"


def normalized_address(address: str) -> str | None:
    """Return the address in its normal form, or None when it cannot be an email address."""
    try:
        return validate_email(address or "", check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def is_bounced(address: str) -> bool:
    """Return whether the mail server refused this address before."""
    stmt = sa.select(BouncedAddress.id).where(
        sa.func.lower(BouncedAddress.address) == address.lower()
    )
    return db.session.scalar(stmt) is not None


def render_mail(template: str, language: str, context: dict) -> tuple[str, str, str]:
    """Return (subject, text, html) of a mail template in a language."""
    env = current_app.jinja_env
    with force_locale(language):
        page = env.get_template(f"mail/{template}.html")
        values = {
            "library_name": current_app.config["LIBRARY_NAME"],
            "language": language,
            **context,
        }
        subject, text = (
            "".join(page.blocks[block](page.new_context(dict(values)))).strip()
            for block in ("subject", "text")
        )
        html = page.render(values)
    # the templates are HTML (autoescaped): the subject and the plain part are not, so what the
    # escaping added is taken back (“Newcomers' circle”, links with &)
    return " ".join(html_module.unescape(subject).split()), html_module.unescape(text) + "\n", html


def queue_mail(
    recipient: str, template: str, language: str, context: dict, *, user_id=None, headers=None
) -> OutboxMessage | None:
    """Add a message to the outbox (the caller commits); None when the address cannot be used.

    Nothing is sent to an address that is not an email address or that bounced before.
    """
    address = normalized_address(recipient)
    if address is None or is_bounced(address):
        log.info("not mailing %r (%s)", recipient, "bounced" if address else "invalid")
        return None
    language = language if language in current_app.config["LANGUAGES"] else "en"
    subject, text, html = render_mail(template, language, context)
    message = OutboxMessage(
        recipient=address,
        user_id=user_id,
        template=template,
        language=language,
        subject=subject[:300],
        text_body=text,
        html_body=html,
        headers=headers or {},
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    db.session.info[TO_SEND] = True
    return message


def _send_after_commit(session) -> None:
    if session.info.pop(TO_SEND, None):
        from program_planner.mail.tasks import send_waiting_mail

        try:
            send_waiting_mail()
        except Exception as error:  # noqa: BLE001 - queue down: the every-minute upkeep sends
            log.warning("could not queue the sending of mail: %s", error)


def _forget_after_rollback(session, *_args) -> None:
    session.info.pop(TO_SEND, None)


def register_sending() -> None:
    """Ask the queue to send the outbox once a transaction that added mail commits."""
    for name, listener in (
        ("after_commit", _send_after_commit),
        ("after_soft_rollback", _forget_after_rollback),
    ):
        if not sa.event.contains(db.session, name, listener):
            sa.event.listen(db.session, name, listener)


def mark_bounced(address: str, reason: str) -> None:
    """Remember that an address was refused (the caller commits)."""
    if not is_bounced(address):
        db.session.add(BouncedAddress(address=address, reason=reason[:2000]))


def clear_bounce(address: str) -> None:
    """Forget that an address bounced, when someone corrects or confirms it (caller commits)."""
    db.session.execute(
        sa.delete(BouncedAddress).where(sa.func.lower(BouncedAddress.address) == address.lower())
    )


def messages_for_outbox(limit=200) -> list[OutboxMessage]:
    """Return the newest messages for the admin's outbox page."""
    return list(
        db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit))
    )


def waiting_counts() -> dict:
    """Return {status: count} of messages not sent (for the outbox page's summary)."""
    rows = db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count(OutboxMessage.id))
        .where(
            OutboxMessage.status.in_([MailStatus.PENDING, MailStatus.FAILED, MailStatus.BOUNCED])
        )
        .group_by(OutboxMessage.status)
    ).all()
    return {status: count for status, count in rows}
