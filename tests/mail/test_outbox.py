"""Mail goes through the outbox: sent over real SMTP, retried after an outage, bounces marked."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.mail import sending
from program_planner.mail.models import BouncedAddress, MailStatus, OutboxMessage
from program_planner.mail.service import queue_mail
from tests.mail.smtp import smtp_server

NOTICE = {
    "headline": "Une proposition attend votre examen",
    "lines": ["« Ateliers numériques » a été soumise."],
    "link": "http://localhost/programs/7",
    "link_text": "Ouvrir la proposition",
}


@pytest.fixture
def smtp(clean_app, monkeypatch):
    """A real SMTP server, and the app set to send to it."""
    with smtp_server() as (inbox, port):
        monkeypatch.setitem(clean_app.config, "MAIL_BACKEND", "smtp")
        monkeypatch.setitem(clean_app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(clean_app.config, "MAIL_PORT", port)
        from program_planner.extensions import mail

        clean_app.extensions["mail"] = mail.init_mail(clean_app.config, clean_app.testing)
        yield inbox


def statuses(app):
    with app.app_context():
        return db.session.execute(
            sa.select(
                OutboxMessage.recipient, OutboxMessage.status, OutboxMessage.attempts
            ).order_by(OutboxMessage.id)
        ).all()


def test_a_message_arrives_in_the_recipients_language_with_both_parts(clean_app, smtp):
    with clean_app.app_context():
        queue_mail("Reader@Example.org", "notice", "fr", NOTICE)
        db.session.commit()  # the queue (immediate in tests) sends after the commit
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "Reader@example.org"
    assert message["Subject"] == "Une proposition attend votre examen"
    assert message["Auto-Submitted"] == "auto-generated"
    parts = smtp.parts(message)
    assert "« Ateliers numériques » a été soumise." in parts["text"]
    assert "Ouvrir la proposition: http://localhost/programs/7" in parts["text"]
    assert '<a href="http://localhost/programs/7">Ouvrir la proposition</a>' in parts["html"]
    assert '<html lang="fr">' in parts["html"] and "<img" not in parts["html"]
    assert statuses(clean_app) == [("Reader@example.org", MailStatus.SENT, 1)]


def test_an_smtp_outage_loses_nothing_and_the_message_goes_once_it_recovers(clean_app, smtp):
    smtp.down = True
    with clean_app.app_context():
        queue_mail("reader@example.org", "notice", "en", NOTICE)
        db.session.commit()
    assert smtp.messages == []
    [(_to, status, attempts)] = statuses(clean_app)
    assert (status, attempts) == (MailStatus.PENDING, 1)
    with clean_app.app_context():
        message = db.session.scalar(sa.select(OutboxMessage))
        assert "451" in message.last_error
        retry_at = message.next_attempt_at
        assert retry_at > utcnow()
        assert sending.send_due(utcnow()) == {  # not due yet: nothing tried
            "sent": 0,
            "retry": 0,
            "bounced": 0,
            "failed": 0,
            "kept": 0,
        }
        smtp.down = False
        assert sending.send_due(retry_at + timedelta(seconds=1))["sent"] == 1
    assert len(smtp.messages) == 1
    assert statuses(clean_app) == [("reader@example.org", MailStatus.SENT, 2)]


def test_a_server_that_never_recovers_gives_up_after_the_backoff_and_shows_it(clean_app, smtp):
    smtp.down = True
    with clean_app.app_context():
        queue_mail("reader@example.org", "notice", "en", NOTICE)
        db.session.commit()
        now = utcnow()
        for _ in sending.BACKOFF_MINUTES:
            now += timedelta(days=1)
            sending.send_due(now)
    [(_to, status, attempts)] = statuses(clean_app)
    assert status == MailStatus.FAILED and attempts == len(sending.BACKOFF_MINUTES) + 1


def test_a_refused_address_is_marked_and_never_mailed_again(clean_app, smtp):
    smtp.refuse_addresses.add("gone@example.org")
    with clean_app.app_context():
        queue_mail("gone@example.org", "notice", "en", NOTICE)
        queue_mail("here@example.org", "notice", "en", NOTICE)
        db.session.commit()
        assert db.session.scalars(sa.select(BouncedAddress.address)).all() == ["gone@example.org"]
        assert queue_mail("Gone@example.org", "notice", "en", NOTICE) is None
        assert queue_mail("not an address", "notice", "en", NOTICE) is None
        db.session.commit()
    assert [env[1] for env in smtp.envelopes] == [["here@example.org"]]
    assert statuses(clean_app) == [
        ("gone@example.org", MailStatus.BOUNCED, 1),
        ("here@example.org", MailStatus.SENT, 1),
    ]


def test_outbox_page_marks_development_and_is_for_admins_only(clean_app, client, login_as):
    with clean_app.app_context():
        message = queue_mail("reader@example.org", "notice", "fr", NOTICE)
        db.session.commit()
        message_id = message.id
    login_as("coordinator")
    assert client.get("/admin/outbox").status_code == 403
    client.post("/logout")
    login_as("admin")
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert 'id="development-outbox"' in page and "reader@example.org" in page
    assert "Une proposition attend votre examen" in page
    detail = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "« Ateliers numériques » a été soumise." in detail


def test_outbox_page_hides_message_text_when_mail_is_really_sent(clean_app, client, login_as, smtp):
    with clean_app.app_context():
        message = queue_mail("reader@example.org", "notice", "fr", NOTICE)
        db.session.commit()
        message_id = message.id
    login_as("admin")
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert 'id="development-outbox"' not in page
    detail = client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert "a été soumise" not in detail


def test_a_failed_message_can_be_sent_again_from_the_outbox(clean_app, client, login_as, smtp):
    smtp.refuse_addresses.add("typo@example.org")
    with clean_app.app_context():
        message = queue_mail("typo@example.org", "notice", "en", NOTICE)
        db.session.commit()
        message_id = message.id
    smtp.refuse_addresses.clear()
    login_as("admin")
    response = client.post(f"/admin/outbox/{message_id}/retry")
    assert response.status_code == 302
    assert statuses(clean_app) == [("typo@example.org", MailStatus.SENT, 1)]
    with clean_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(BouncedAddress.id))) == 0
