"""The calendar feeds: window, cancellations, SEQUENCE, UIDs, per-program feed, 304s, French."""

from datetime import UTC, datetime, timedelta

import icalendar
import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.occurrences.models import FeedCache, Occurrence, RemovedOccurrence
from program_planner.programs.models import Program, Status
from tests.conftest import counting_statements
from tests.editing import delete_row
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence

NOW = datetime.now(UTC).replace(microsecond=0)


def add_session(app, branch, title, status, starts, owner_id=None, **fields):
    with app.app_context():
        approved = NOW - timedelta(days=1) if status != Status.DRAFT else None
        program = make_program(
            owner_id, branch, status=status, title=title, approved_at=approved, **fields
        )
        occurrence = add_occurrence(program.id, starts)
        db.session.commit()
        return program.id, occurrence.id


def events(response) -> dict:
    """Return {summary: event} of a feed, parsed strictly by icalendar."""
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.data)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def set_program(app, program_id, **values):
    with app.app_context():
        db.session.execute(sa.update(Program).where(Program.id == program_id).values(**values))
        db.session.commit()


def test_window_is_bounded_and_configurable(clean_app, client, branch, monkeypatch):
    day = timedelta(days=1)
    add_session(clean_app, branch, "Last month", Status.CLOSED, NOW - 30 * day)
    add_session(clean_app, branch, "Long ago", Status.CLOSED, NOW - 100 * day)
    add_session(clean_app, branch, "In two months", Status.SCHEDULED, NOW + 60 * day)
    add_session(clean_app, branch, "Far ahead", Status.SCHEDULED, NOW + 400 * day)
    assert set(events(client.get("/calendar.ics"))) == {"Last month", "In two months"}
    monkeypatch.setitem(clean_app.config, "CALENDAR_FEED_FUTURE_DAYS", 30)
    monkeypatch.setitem(clean_app.config, "CALENDAR_FEED_PAST_DAYS", 400)
    assert set(events(client.get("/calendar.ics"))) == {"Last month", "Long ago"}


def test_approved_is_tentative_and_scheduled_confirmed(clean_app, client, branch):
    add_session(clean_app, branch, "Approved talk", Status.APPROVED, NOW + timedelta(days=3))
    add_session(clean_app, branch, "Scheduled talk", Status.SCHEDULED, NOW + timedelta(days=3))
    feed = events(client.get("/calendar.ics"))
    assert str(feed["Approved talk"]["STATUS"]) == "TENTATIVE"
    assert str(feed["Scheduled talk"]["STATUS"]) == "CONFIRMED"


def test_cancelled_program_stays_cancelled_for_the_configured_period(
    clean_app, client, branch, monkeypatch
):
    program_id, _ = add_session(clean_app, branch, "Knitting", Status.SCHEDULED, NOW + timedelta(3))
    add_session(clean_app, branch, "Draft idea", Status.DRAFT, NOW + timedelta(days=3))
    before = events(client.get("/calendar.ics"))["Knitting"]
    with clean_app.app_context():
        program = db.session.get(Program, program_id)
        program.status = Status.CANCELLED  # a change of the program: its version goes up
        db.session.commit()
    add_session(clean_app, branch, "Cancelled draft", Status.CANCELLED, NOW + timedelta(days=3))
    set_program(clean_app, program_id + 2, approved_at=None)  # never approved: never public
    after = events(client.get("/calendar.ics"))
    assert set(after) == {"Knitting"}
    assert str(after["Knitting"]["STATUS"]) == "CANCELLED"
    assert after["Knitting"]["SEQUENCE"] > before["SEQUENCE"]
    assert after["Knitting"]["UID"] == before["UID"]
    assert client.get(f"/programs/{program_id}/calendar.ics").status_code == 200
    monkeypatch.setitem(clean_app.config, "CALENDAR_FEED_CANCELLED_DAYS", 0)
    assert events(client.get("/calendar.ics")) == {}
    assert client.get(f"/programs/{program_id}/calendar.ics").status_code == 404


def test_deleted_session_is_announced_cancelled_with_a_higher_sequence(
    clean_app, client, branch, login_as, monkeypatch
):
    owner = login_as("programmer")
    program_id, gone = add_session(
        clean_app, branch, "Chess club", Status.SCHEDULED, NOW + timedelta(days=5), owner.id
    )
    with clean_app.app_context():
        kept = add_occurrence(program_id, NOW + timedelta(days=12)).id
        db.session.commit()
    feed = icalendar.Calendar.from_ical(client.get("/calendar.ics").data)
    before = {str(e["UID"]): e["SEQUENCE"] for e in feed.walk("VEVENT")}
    assert delete_row(client, f"/programs/{program_id}/occurrences/{gone}").status_code == 302
    with clean_app.app_context():
        assert db.session.get(Occurrence, gone) is None
        assert db.session.get(RemovedOccurrence, gone).program_id == program_id
    feed = icalendar.Calendar.from_ical(client.get("/calendar.ics").data)
    after = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    uid = f"occurrence-{gone}@localhost"
    assert set(after) == {uid, f"occurrence-{kept}@localhost"}
    assert str(after[uid]["STATUS"]) == "CANCELLED"
    assert after[uid]["SEQUENCE"] > before[uid]
    assert after[uid].decoded("DTSTART") == NOW + timedelta(days=5)
    monkeypatch.setitem(clean_app.config, "CALENDAR_FEED_CANCELLED_DAYS", 0)
    assert list(events(client.get("/calendar.ics"))) == ["Chess club"]  # the kept session


def test_sequence_rises_on_every_change_of_the_session(clean_app, client, branch):
    _, occurrence_id = add_session(clean_app, branch, "Yoga", Status.SCHEDULED, NOW + timedelta(2))
    sequences = [events(client.get("/calendar.ics"))["Yoga"]["SEQUENCE"]]
    for hours in (1, 2):
        with clean_app.app_context():
            occurrence = db.session.get(Occurrence, occurrence_id)
            occurrence.starts_at = occurrence.starts_at + timedelta(hours=hours)
            occurrence.ends_at = occurrence.ends_at + timedelta(hours=hours)
            db.session.commit()
        sequences.append(events(client.get("/calendar.ics"))["Yoga"]["SEQUENCE"])
    assert sequences[0] < sequences[1] < sequences[2]


def test_uids_use_the_configured_domain_not_the_host_header(clean_app, client, branch, monkeypatch):
    _, occurrence_id = add_session(clean_app, branch, "Talk", Status.SCHEDULED, NOW + timedelta(1))
    monkeypatch.setitem(clean_app.config, "CALENDAR_UID_DOMAIN", "events.library.example")
    for host in ("localhost", "evil.example", "10.0.0.5:8000"):
        event = events(client.get("/calendar.ics", headers={"Host": host}))["Talk"]
        assert str(event["UID"]) == f"occurrence-{occurrence_id}@events.library.example"


def test_program_feed_has_that_programs_sessions_only(clean_app, client, branch):
    program_id, _ = add_session(
        clean_app, branch, "Book club", Status.SCHEDULED, NOW + timedelta(1)
    )
    add_session(clean_app, branch, "Other", Status.SCHEDULED, NOW + timedelta(days=1))
    draft_id, _ = add_session(clean_app, branch, "Draft", Status.DRAFT, NOW + timedelta(days=1))
    response = client.get(f"/programs/{program_id}/calendar.ics")
    assert set(events(response)) == {"Book club"}
    calendar = icalendar.Calendar.from_ical(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Public Library – Book club programs"
    assert client.get(f"/programs/{draft_id}/calendar.ics").status_code == 404
    assert client.get("/programs/99999/calendar.ics").status_code == 404


def settled(app, monkeypatch):
    """Trust changes at once (no transaction can be in flight in a test): feeds are stored."""
    monkeypatch.setitem(app.config, "CALENDAR_FEED_SETTLE_SECONDS", 0)


def session_rows_read(statements) -> list:
    """Return the statements that read sessions themselves (not the max() of their times)."""
    return [s for s in statements if "occurrences.starts_at" in s]


def test_conditional_requests_answer_304_without_loading_sessions(
    clean_app, client, branch, monkeypatch
):
    settled(clean_app, monkeypatch)
    add_session(clean_app, branch, "Film", Status.SCHEDULED, NOW + timedelta(1))
    first = client.get("/calendar.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "public, max-age=900"
    with counting_statements(clean_app) as statements:
        again = client.get("/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert not session_rows_read(statements)
    assert not [s for s in statements if "feed_cache.body" in s]  # the body is not even read
    assert len([s for s in statements if s != "BEGIN"]) <= 2
    since = client.get("/calendar.ics", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    with counting_statements(clean_app) as statements:
        repeat = client.get("/calendar.ics")  # a calendar that keeps no ETag: the stored feed
    assert repeat.data == first.data and set(events(repeat)) == {"Film"}
    assert not session_rows_read(statements) and len(statements) <= 4


def test_poll_statements_do_not_grow_with_sessions(clean_app, client, branch, monkeypatch):
    settled(clean_app, monkeypatch)
    url, counts, total = f"/calendar.ics?branch={branch}", [], 0
    for n in (1, 25):
        program_id, _ = add_session(clean_app, branch, f"Set of {n}", Status.SCHEDULED, NOW)
        with clean_app.app_context():
            for k in range(1, n):
                add_occurrence(program_id, NOW + timedelta(days=k))
            db.session.commit()
        total += n
        first = client.get(url)
        assert len(events_list(first)) == total
        with counting_statements(clean_app) as statements:
            poll = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert poll.status_code == 304
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 4  # BEGIN, the branch, the version, the stored row


def events_list(response) -> list:
    assert response.status_code == 200, response.status_code
    return icalendar.Calendar.from_ical(response.data).walk("VEVENT")


def test_stored_feed_is_what_every_server_answers(clean_app, client, branch, monkeypatch):
    add_session(clean_app, branch, "Quilting", Status.SCHEDULED, NOW + timedelta(days=2))
    client.get("/calendar.ics")
    with clean_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedCache)) == 0
    settled(clean_app, monkeypatch)  # a change younger than the settle time is never stored
    first = client.get("/calendar.ics")
    with clean_app.app_context():
        row = db.session.get(FeedCache, "all:en")
        assert row.body == first.data and row.etag in first.headers["ETag"]
        row.body = row.body.replace(b"Quilting", b"Stored copy")  # as another server stored it
        db.session.commit()
    assert set(events(client.get("/calendar.ics"))) == {"Stored copy"}


def test_feed_follows_every_change_of_a_session(clean_app, client, branch, login_as, monkeypatch):
    settled(clean_app, monkeypatch)
    owner = login_as("programmer")
    program_id, moved = add_session(
        clean_app, branch, "Chess", Status.SCHEDULED, NOW + timedelta(days=3), owner.id
    )
    with clean_app.app_context():
        gone = add_occurrence(program_id, NOW + timedelta(days=10)).id
        db.session.commit()
    first = client.get("/calendar.ics")
    etag = first.headers["ETag"]
    assert len(events_list(first)) == 2
    with clean_app.app_context():
        occurrence = db.session.get(Occurrence, moved)
        occurrence.starts_at += timedelta(hours=1)
        occurrence.ends_at += timedelta(hours=1)
        db.session.commit()
    changed = client.get("/calendar.ics", headers={"If-None-Match": etag})
    starts = sorted(e.decoded("DTSTART") for e in events_list(changed))
    assert starts[0] == NOW + timedelta(days=3, hours=1)
    assert delete_row(client, f"/programs/{program_id}/occurrences/{gone}").status_code == 302
    removed = client.get("/calendar.ics", headers={"If-None-Match": changed.headers["ETag"]})
    statuses = sorted(str(e["STATUS"]) for e in events_list(removed))
    assert statuses == ["CANCELLED", "CONFIRMED"]
    with clean_app.app_context():
        db.session.get(Program, program_id).status = Status.CANCELLED
        db.session.commit()
    cancelled = client.get("/calendar.ics", headers={"If-None-Match": removed.headers["ETag"]})
    assert [str(e["STATUS"]) for e in events_list(cancelled)] == ["CANCELLED", "CANCELLED"]


def test_a_change_elsewhere_still_answers_304(clean_app, client, branch, monkeypatch):
    settled(clean_app, monkeypatch)
    add_session(clean_app, branch, "Yoga", Status.SCHEDULED, NOW + timedelta(days=2))
    draft_id, _ = add_session(clean_app, branch, "Idea", Status.DRAFT, NOW + timedelta(days=2))
    first = client.get("/calendar.ics")
    set_program(clean_app, draft_id, title="Better idea")  # not public: the feed is the same
    with counting_statements(clean_app) as statements:
        poll = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert poll.status_code == 304
    assert session_rows_read(statements)  # rendered again once, to know it had not changed
    with counting_statements(clean_app) as statements:
        again = client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not session_rows_read(statements)


def test_feed_in_french_uses_the_french_title(clean_app, client, branch):
    add_session(
        clean_app,
        branch,
        "Computer basics",
        Status.SCHEDULED,
        NOW + timedelta(days=1),
        title_fr="Initiation à l'ordinateur",
        description_fr="Courriel et appels vidéo.",
    )
    add_session(clean_app, branch, "Chess", Status.SCHEDULED, NOW + timedelta(days=1))
    english = client.get("/calendar.ics")
    assert set(events(english)) == {"Computer basics", "Chess"}
    french = client.get("/calendar.ics?lang=fr")
    feed = events(french)
    assert set(feed) == {"Initiation à l'ordinateur", "Chess"}
    assert str(feed["Initiation à l'ordinateur"]["DESCRIPTION"]) == "Courriel et appels vidéo."
    assert french.headers["ETag"] != english.headers["ETag"]
    assert "Accept-Language" in french.headers["Vary"]
    by_header = client.get("/calendar.ics", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert set(events(by_header)) == set(feed)
