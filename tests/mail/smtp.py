"""A real SMTP server inside the tests (aiosmtpd): it keeps what arrives, or refuses on demand."""

import email
import email.policy
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from benchmarks.server import free_port


class Inbox:
    """What the server received; refuse_addresses and down make it say no."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse_addresses: set[str] = set()
        self.down = False  # every transaction answered "451 try again later"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.down:
            return "451 4.3.0 Temporarily unavailable, try again later"
        if address.lower() in self.refuse_addresses:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def parts(self, message) -> dict:
        """Return {"text": ..., "html": ...} of a received message."""
        found = {}
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found["text"] = part.get_content()
            elif part.get_content_type() == "text/html":
                found["html"] = part.get_content()
        return found


@contextmanager
def smtp_server():
    """Start an SMTP server on a free port; yield (inbox, port)."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
