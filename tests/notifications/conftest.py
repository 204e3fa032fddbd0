"""Fixtures of the notices tests: a real SMTP server the app sends to, and mail helpers."""

import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from program_planner.auth.models import User
from program_planner.extensions import db
from tests.mail.smtp import smtp_server

LINK = re.compile(r"https?://[^/\s\"<]+(/[^\s\"<]*)")


@contextmanager
def sending_to_smtp(app, monkeypatch):
    """Start a real SMTP server and set the app to send to it; yield its inbox."""
    with smtp_server() as (inbox, port):
        monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", port)
        from program_planner.extensions import mail

        app.extensions["mail"] = mail.init_mail(app.config, app.testing)
        yield inbox


@pytest.fixture
def smtp(clean_app, monkeypatch):
    """A real SMTP server, and the app set to send to it (the queue is immediate in tests)."""
    with sending_to_smtp(clean_app, monkeypatch) as inbox:
        yield inbox


def set_user(app, user_id, **values):
    """Change columns of a staff account (language, email_notices, email)."""
    with app.app_context():
        db.session.execute(sa.update(User).where(User.id == user_id).values(**values))
        db.session.commit()


def mail_to(inbox, address):
    """Return the messages the SMTP server received for an address."""
    pairs = zip(inbox.messages, inbox.envelopes, strict=True)
    return [message for message, (_from, to) in pairs if address in to]


def links_in(text) -> list[str]:
    """Return the paths of the absolute links in a message part."""
    return [urlsplit(match.group(0)).path for match in LINK.finditer(text)]
