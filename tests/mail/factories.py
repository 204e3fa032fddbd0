"""Outbox rows for the tests."""

from program_planner.extensions import db
from program_planner.mail.models import MailStatus, OutboxMessage


def add_mail_rows(_program_id, _ids) -> dict:
    """Add a failed message (flushed); return {"message_id": id}."""
    message = OutboxMessage(
        recipient="reader@example.org",
        template="notice",
        language="en",
        subject="A notice",
        text_body="Hello",
        html_body="<p>Hello</p>",
        status=MailStatus.FAILED,
    )
    db.session.add(message)
    db.session.flush()
    return {"message_id": message.id}
