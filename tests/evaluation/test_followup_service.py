"""Follow-up surveys run themselves: invited when due, reminded once, purged when closed.

Every step takes `now`, so the tests move the clock instead of waiting.
"""

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from program_planner.evaluation.followup import service
from program_planner.evaluation.followup.models import (
    FollowUpInvitation,
    FollowUpSettings,
    FollowUpToken,
)
from program_planner.evaluation.followup.standard import (
    FOLLOW_UP_CODES,
    ensure_follow_up_questions,
)
from program_planner.evaluation.followup.tasks import run_follow_ups
from program_planner.evaluation.models import FollowUpContact, Question
from program_planner.extensions import db
from program_planner.jobs.tasks import EVERY_MINUTE
from program_planner.mail.models import OutboxMessage
from program_planner.programs.models import Program, Status
from tests.conftest import query
from tests.evaluation.factories_public import add_contact
from tests.factories import make_program
from tests.mail.smtp import smtp_server
from tests.occurrences.factories import add_occurrence

LAST_SESSION_START = datetime(2027, 3, 3, 23, 0, tzinfo=UTC)
LAST_SESSION_END = LAST_SESSION_START + timedelta(hours=2)
DUE = LAST_SESSION_END + timedelta(weeks=6)
URL = re.compile(r"http://localhost(/follow-up/\S+)")


@pytest.fixture
def program(clean_app, make_user, branch):
    """A delivered program whose last session ended at LAST_SESSION_END, with two addresses."""
    owner = make_user("programmer")
    with clean_app.app_context():
        ensure_follow_up_questions()
        program = make_program(owner.id, branch, status=Status.DELIVERED, title="Ateliers")
        add_occurrence(program.id, LAST_SESSION_START - timedelta(weeks=1))
        add_occurrence(program.id, LAST_SESSION_START)
        french, _token = add_contact(program.id, email="lectrice@example.org")
        french.language = "fr"
        add_contact(program.id, email="reader@example.org")
        db.session.commit()
        return program.id


def run(app, now):
    with app.app_context():
        return run_follow_ups(now)


def outbox(app):
    return query(
        app,
        sa.select(OutboxMessage.recipient, OutboxMessage.template, OutboxMessage.language).order_by(
            OutboxMessage.recipient, OutboxMessage.id
        ),
    )


def invitations(app):
    with app.app_context():
        return db.session.scalars(
            sa.select(FollowUpInvitation).order_by(FollowUpInvitation.id)
        ).all()


def test_the_upkeep_is_registered_to_run_every_minute():
    assert "follow-up surveys" in [name for name, _fn in EVERY_MINUTE]


def test_standard_follow_up_questions_are_in_the_bank_in_both_languages(clean_app):
    with clean_app.app_context():
        ensure_follow_up_questions()
        assert ensure_follow_up_questions() == 0  # idempotent
        rows = db.session.scalars(sa.select(Question).where(Question.code.in_(FOLLOW_UP_CODES)))
        rows = {q.code: q for q in rows}
    assert set(rows) == set(FOLLOW_UP_CODES)
    assert all(q.text_fr and q.standard for q in rows.values())
    assert rows["followup_applied"].text_en == "Since the program, I have applied what I learned"


def test_nothing_goes_out_before_the_due_date_then_each_address_once(clean_app, program):
    assert run(clean_app, DUE - timedelta(minutes=1)) == {"invited": 0, "reminded": 0, "purged": 0}
    assert outbox(clean_app) == []
    assert run(clean_app, DUE)["invited"] == 2
    assert run(clean_app, DUE + timedelta(minutes=1))["invited"] == 0  # idempotent
    assert outbox(clean_app) == [
        ("lectrice@example.org", "followup_invitation", "fr"),
        ("reader@example.org", "followup_invitation", "en"),
    ]
    first = invitations(clean_app)[0]
    assert first.invited_at == DUE and first.remind_at == DUE + timedelta(days=7)
    assert first.closes_at == DUE + timedelta(days=14)
    with clean_app.app_context():
        message = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.language == "fr"))
        assert message.subject == "Quelques questions sur « Ateliers »"
        unsubscribe = message.headers["List-Unsubscribe"]
        assert unsubscribe.startswith("<http://localhost/follow-up/unsubscribe/")
        assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/follow-up/s/" in message.text_body and "lang=fr" in message.text_body
        # tokens are stored hashed: no link of the message is in the database
        hashes = db.session.scalars(sa.select(FollowUpToken.token_hash)).all()
        assert len(hashes) == 4 and all(len(h) == 64 for h in hashes)
        for path in URL.findall(message.text_body):
            token = path.split("/")[-1].split("?")[0]
            assert token not in hashes and service.hash_token(token) in hashes


def test_an_address_left_twice_gets_one_invitation_in_its_latest_language(clean_app, program):
    with clean_app.app_context():
        again, _token = add_contact(program, email="reader@example.org")
        again.language = "fr"
        again.consented_at = again.consented_at + timedelta(days=1)
        db.session.commit()
    assert run(clean_app, DUE)["invited"] == 2
    assert ("reader@example.org", "followup_invitation", "fr") in outbox(clean_app)
    assert query(clean_app, sa.select(sa.func.count()).select_from(FollowUpContact)) == [3]


def test_settings_change_the_date_or_turn_it_off(clean_app, program):
    with clean_app.app_context():
        db.session.add(FollowUpSettings(program_id=program, weeks_after=4, reminder_days=3))
        db.session.commit()
        plan = service.schedule(program)
    assert plan.due_at == LAST_SESSION_END + timedelta(weeks=4)
    assert run(clean_app, plan.due_at - timedelta(seconds=1))["invited"] == 0
    assert run(clean_app, plan.due_at)["invited"] == 2
    assert invitations(clean_app)[0].remind_at == plan.due_at + timedelta(days=3)


def test_no_follow_up_when_off_or_the_program_was_cancelled(clean_app, program, make_user, branch):
    with clean_app.app_context():
        db.session.add(FollowUpSettings(program_id=program, enabled=False))
        owner = make_user("programmer")
        cancelled = make_program(owner.id, branch, status=Status.CANCELLED)
        add_occurrence(cancelled.id, LAST_SESSION_START)
        add_contact(cancelled.id, email="x@example.org")
        db.session.commit()
    assert run(clean_app, DUE + timedelta(days=30))["invited"] == 0
    assert outbox(clean_app) == []


def test_one_reminder_to_those_who_have_not_answered(clean_app, program):
    run(clean_app, DUE)
    [french] = [i for i in invitations(clean_app) if i.language == "fr"]
    with clean_app.app_context():
        assert service.claim_answer(db.session.get(FollowUpInvitation, french.id), DUE)
        db.session.commit()
    remind = DUE + timedelta(days=7)
    assert run(clean_app, remind - timedelta(minutes=1))["reminded"] == 0
    assert run(clean_app, remind)["reminded"] == 1
    assert run(clean_app, remind + timedelta(days=1))["reminded"] == 0  # one reminder only
    reminders = [row for row in outbox(clean_app) if row[1] == "followup_reminder"]
    assert reminders == [("reader@example.org", "followup_reminder", "en")]
    assert {i.language: i.reminded_at for i in invitations(clean_app)} == {"fr": None, "en": remind}


def test_contacts_are_purged_when_the_survey_closes(clean_app, program):
    run(clean_app, DUE)
    closes = DUE + timedelta(days=14)
    assert run(clean_app, closes - timedelta(minutes=1))["purged"] == 0
    assert len(query(clean_app, sa.select(FollowUpContact.id))) == 2
    assert run(clean_app, closes)["purged"] == 2
    assert query(clean_app, sa.select(FollowUpContact.id)) == []
    assert [i.contact_id for i in invitations(clean_app)] == [None, None]  # counts stay
    assert run(clean_app, closes + timedelta(days=1)) == {"invited": 0, "reminded": 0, "purged": 0}
    with clean_app.app_context():
        from program_planner.evaluation.followup.figures import summary

        figures = summary(program)
    assert (figures.invited, figures.reminded, figures.answered) == (2, 2, 0)


def test_a_late_opt_in_is_invited_on_the_next_run(clean_app, program):
    run(clean_app, DUE)
    with clean_app.app_context():
        add_contact(program, email="late@example.org")
        db.session.commit()
    assert run(clean_app, DUE + timedelta(minutes=1))["invited"] == 1
    assert len(invitations(clean_app)) == 3


def test_two_workers_at_once_send_each_invitation_once(clean_app, program):
    with clean_app.app_context():
        for n in range(8):
            add_contact(program, email=f"person{n}@example.org")
        db.session.commit()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            with clean_app.app_context():
                barrier.wait(timeout=10)
                results.append(run_follow_ups(DUE)["invited"])
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(results) == 10
    assert len(invitations(clean_app)) == 10
    assert len(outbox(clean_app)) == 10


def test_the_invitation_arrives_by_smtp_and_its_link_opens_the_french_survey(
    clean_app, program, client, monkeypatch
):
    with smtp_server() as (inbox, port):
        monkeypatch.setitem(clean_app.config, "MAIL_BACKEND", "smtp")
        monkeypatch.setitem(clean_app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(clean_app.config, "MAIL_PORT", port)
        from program_planner.extensions import mail

        clean_app.extensions["mail"] = mail.init_mail(clean_app.config, clean_app.testing)
        run(clean_app, DUE)
        messages = {m["To"]: m for m in inbox.messages}
    assert set(messages) == {"lectrice@example.org", "reader@example.org"}
    message = messages["lectrice@example.org"]
    assert message["Subject"] == "Quelques questions sur « Ateliers »"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http://localhost/follow-up/unsubscribe/")
    parts = inbox.parts(message)
    assert '<html lang="fr">' in parts["html"] and 'id="survey-link"' in parts["html"]
    survey = URL.findall(parts["text"])[0]
    page = client.get(survey)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="fr">' in html
    assert "Depuis le programme, j&#39;ai mis en pratique ce que j&#39;ai appris" in html
    assert "Ateliers" in html
    english = inbox.parts(messages["reader@example.org"])["text"]
    assert "A few weeks ago you took part in “Ateliers”" in english


def test_a_program_deleted_status_does_not_block_others(clean_app, program):
    with clean_app.app_context():
        db.session.get(Program, program).status = Status.CLOSED
        db.session.commit()
    assert run(clean_app, DUE)["invited"] == 2  # a closed program still follows up
