"""The daily digest and the reminders: time injected, each sent once, never after it is done."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from program_planner.evaluation.models import Debrief, DebriefKind, OccurrenceReport
from program_planner.evaluation.reminders import send_reminders
from program_planner.extensions import db
from program_planner.notifications.models import Notification
from program_planner.notifications.service import send_digests
from program_planner.programs.models import Program, Status
from tests.conftest import query, sign_in
from tests.factories import make_program
from tests.notifications.conftest import links_in, set_user
from tests.notifications.factories import add_notice
from tests.occurrences.factories import add_occurrence

# The library is in America/Toronto (UTC-5 in winter): 12:00 UTC is 7:00 there.
MORNING = datetime(2027, 3, 4, 14, 0, tzinfo=UTC)  # 9:00 in Toronto
EARLY = datetime(2027, 3, 4, 10, 0, tzinfo=UTC)  # 5:00 in Toronto
YESTERDAY = datetime(2027, 3, 3, 15, 0, tzinfo=UTC)  # 10:00 the day before


def run(app, fn, now):
    with app.app_context():
        return fn(now)


def notices(app):
    return query(
        app,
        sa.select(Notification.kind, Notification.recipient_id, Notification.program_id).order_by(
            Notification.id
        ),
    )


def test_the_digest_sends_yesterdays_unread_notices_once_after_the_morning_hour(
    clean_app, client, make_user, branch, smtp
):
    reader = make_user("coordinator")
    eager = make_user("coordinator")
    set_user(clean_app, reader.id, email_notices="digest", language="fr")
    with clean_app.app_context():
        program = make_program(reader.id, branch, title="Tablet basics")
        first = add_notice(reader.id, program.id, kind="program_submit", comment="")
        second = add_notice(reader.id, program.id, kind="program_approve", comment="Bravo.")
        read = add_notice(reader.id, program.id, kind="program_decline", comment="")
        today = add_notice(reader.id, program.id, kind="program_cancel", comment="")
        other = add_notice(eager.id, program.id, kind="program_cancel", comment="")
        for notice in (first, second, read, other):
            notice.created_at = YESTERDAY
        read.read_at = YESTERDAY + timedelta(hours=1)
        today.created_at = MORNING - timedelta(hours=1)
        db.session.commit()
        pid = program.id

    assert run(clean_app, send_digests, EARLY) == 0  # before 7:00, library time
    assert smtp.messages == []
    assert run(clean_app, send_digests, MORNING) == 1
    [message] = smtp.messages
    assert smtp.envelopes[0][1] == [f"{reader.username}@library.example"]
    assert message["Subject"] == "Vos 2 avis du 3 mars 2027"
    parts = smtp.parts(message)
    assert "« Tablet basics » a été soumis pour approbation" in parts["text"]
    assert "Commentaire : Bravo." in parts["text"]
    assert "a été refusé" not in parts["text"]  # read already
    assert "a été annulé" not in parts["text"]  # today's waits for tomorrow
    assert links_in(parts["text"]) == [f"/programs/{pid}", f"/programs/{pid}", "/notices"]
    assert '<html lang="fr">' in parts["html"]
    assert run(clean_app, send_digests, MORNING + timedelta(minutes=1)) == 0  # once
    assert len(smtp.messages) == 1
    sign_in(client, reader.username)
    assert client.get(links_in(parts["text"])[-1]).status_code == 200


def setup_delivered(app, owner_id, branch, starts, status=Status.SCHEDULED):
    with app.app_context():
        program = make_program(owner_id, branch, status=status, title="Job search lab")
        occurrence = add_occurrence(program.id, starts)
        db.session.commit()
        return program.id, occurrence.id


def test_a_missing_headcount_reminds_the_branchs_frontline_and_the_owner_once(
    clean_app, client, make_user, branch, smtp
):
    owner = make_user("programmer")
    desk = make_user("frontline")
    pid, occurrence = setup_delivered(clean_app, owner.id, branch, YESTERDAY)
    assert run(clean_app, send_reminders, EARLY)["headcount"] == 0  # not yet morning
    assert run(clean_app, send_reminders, MORNING)["headcount"] == 1
    assert notices(clean_app) == [
        ("reminder_headcount", desk.id, pid),
        ("reminder_headcount", owner.id, pid),
    ]
    message = smtp.messages[0]
    assert message["Subject"].startswith("Headcount not recorded: “Job search lab” on Mar 3, 2027")
    [path] = links_in(smtp.parts(message)["text"])
    assert path == f"/occurrences/{occurrence}/report"
    sign_in(client, desk.username)
    assert client.get(path).status_code == 200
    assert run(clean_app, send_reminders, MORNING + timedelta(hours=1))["headcount"] == 0
    assert len(notices(clean_app)) == 2


def test_no_headcount_reminder_once_it_is_recorded_or_for_a_cancelled_program(
    clean_app, make_user, branch
):
    owner = make_user("programmer")
    make_user("frontline")
    _pid, occurrence = setup_delivered(clean_app, owner.id, branch, YESTERDAY)
    setup_delivered(clean_app, owner.id, branch, YESTERDAY, status=Status.CANCELLED)
    with clean_app.app_context():
        db.session.add(OccurrenceReport(occurrence_id=occurrence, headcount=14))
        db.session.commit()
    assert run(clean_app, send_reminders, MORNING)["headcount"] == 0
    assert notices(clean_app) == []


def test_debrief_due_and_evaluation_open_remind_the_owner_once_unless_done(
    clean_app, make_user, branch, smtp
):
    owner = make_user("programmer")
    last = MORNING - timedelta(days=8)
    due, _ = setup_delivered(clean_app, owner.id, branch, last, status=Status.DELIVERED)
    written, _ = setup_delivered(clean_app, owner.id, branch, last, status=Status.EVALUATED)
    with clean_app.app_context():
        db.session.add(OccurrenceReport(occurrence_id=_, headcount=3))
        db.session.add(Debrief(program_id=written, kind=DebriefKind.STAFF, author_id=owner.id))
        db.session.commit()
    outcome = run(clean_app, send_reminders, MORNING)
    assert (outcome["debrief_due"], outcome["evaluation_open"]) == (1, 1)
    kinds = [(k, p) for k, _r, p in notices(clean_app) if k != "reminder_headcount"]
    assert kinds == [("reminder_debrief", due), ("reminder_evaluation", due)]
    subjects = [m["Subject"] for m in smtp.messages]
    assert "The debrief of “Job search lab” is due" in subjects
    assert "The evaluation of “Job search lab” is still open" in subjects
    again = run(clean_app, send_reminders, MORNING + timedelta(days=1))
    assert (again["debrief_due"], again["evaluation_open"]) == (0, 0)
    with clean_app.app_context():
        db.session.execute(
            sa.update(Program).where(Program.id == due).values(status=Status.EVALUATED)
        )
        db.session.commit()


def test_a_debrief_written_in_time_and_an_evaluated_program_are_not_reminded(
    clean_app, make_user, branch
):
    owner = make_user("programmer")
    last = MORNING - timedelta(days=2)  # not due yet (3 and 7 days)
    pid, occurrence = setup_delivered(clean_app, owner.id, branch, last, status=Status.DELIVERED)
    with clean_app.app_context():
        db.session.add(OccurrenceReport(occurrence_id=occurrence, headcount=3))
        db.session.commit()
    outcome = run(clean_app, send_reminders, MORNING)
    assert (outcome["debrief_due"], outcome["evaluation_open"]) == (0, 0)
    with clean_app.app_context():
        db.session.add(Debrief(program_id=pid, kind=DebriefKind.STAFF, author_id=owner.id))
        db.session.execute(
            sa.update(Program).where(Program.id == pid).values(status=Status.EVALUATED)
        )
        db.session.commit()
    outcome = run(clean_app, send_reminders, MORNING + timedelta(days=10))
    assert (outcome["debrief_due"], outcome["evaluation_open"]) == (0, 0)
    assert notices(clean_app) == []
