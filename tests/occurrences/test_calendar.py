"""The calendar, the public iCalendar feed and the program list's date filter."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.programs.models import PUBLISHED_STATUSES, DeliveryMode, Status
from tests.conftest import counting_statements
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence
from tests.occurrences.helpers import plain
from tests.venues.factories import make_venue

TORONTO = ZoneInfo("America/Toronto")


def local(*args):
    """Return an aware UTC time for a Toronto wall-clock time."""
    return datetime(*args, tzinfo=TORONTO).astimezone(UTC)


def add_program_session(app, branch, title, status, starts, venue_id=None, hours=2, **fields):
    with app.app_context():
        program = make_program(None, branch, status=status, title=title, **fields)
        occurrence = add_occurrence(program.id, starts, hours=hours, venue_id=venue_id)
        db.session.commit()
        return program.id, occurrence.id


def new_venue(app, branch_id=None, name="Riverside Room"):
    with app.app_context():
        venue = make_venue(branch_id, name=name)
        db.session.commit()
        return venue.id


def day_cell(page, day: str) -> str:
    """Return the HTML of the calendar cell of an ISO date."""
    return page.split(f'data-date="{day}">', 1)[1].split("</td>", 1)[0]


def test_calendar_shows_sessions_on_their_local_day_and_time(clean_app, client, login_as, branch):
    login_as("frontline")
    room = new_venue(clean_app, branch)
    # 21:00 in Toronto on 3 March is already 4 March in UTC
    add_program_session(
        clean_app, branch, "Job search workshop", Status.APPROVED, local(2027, 3, 3, 21, 0), room
    )
    add_program_session(
        clean_app, branch, "Tech help drop-in", Status.DRAFT, local(2027, 3, 10, 18, 30), room
    )
    page = plain(client.get("/calendar?month=2027-03").get_data(as_text=True))
    assert '<h2 class="h4 mb-0" id="month-title">March 2027</h2>' in page
    assert "<caption>Sessions in March 2027</caption>" in page
    headers = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert headers.count('<th scope="col">') == 7
    assert headers.index("Monday") < headers.index("Sunday")
    cell = day_cell(page, "2027-03-03")
    assert "9:00 PM" in cell and "Job search workshop" in cell and "Riverside Room" in cell
    assert 'class="badge status-approved"' in cell and "tentative" not in cell
    assert "Job search workshop" not in day_cell(page, "2027-03-04")
    draft = day_cell(page, "2027-03-10")
    assert "6:30 PM" in draft and 'class="cal-event tentative"' in draft
    assert "status-draft" in draft
    # the grid starts on the Monday before the 1st (1 March 2027 is a Monday) and fills weeks
    assert 'data-date="2027-03-01"' in page and 'data-date="2027-04-04"' in page
    assert 'data-date="2027-02-28"' not in page
    # the phone list shows the same sessions
    listing = page.split('id="calendar-list"', 1)[1]
    assert "Wednesday, March 3, 2027" in listing and "Job search workshop" in listing
    # in French, 24-hour times and French month names
    client.post("/language", data={"lang": "fr"})
    page = plain(client.get("/calendar?month=2027-03").get_data(as_text=True))
    assert "mars 2027" in page and "18:30" in day_cell(page, "2027-03-10")


def test_cancelled_and_declined_programs_are_not_on_the_calendar(
    clean_app, client, login_as, branch
):
    login_as("programmer")
    for status in (Status.CANCELLED, Status.DECLINED):
        add_program_session(
            clean_app, branch, f"Gone {status.value}", status, local(2027, 3, 3, 14, 0)
        )
    page = client.get("/calendar?month=2027-03").get_data(as_text=True)
    assert "Gone cancelled" not in page and "Gone declined" not in page


def test_month_navigation_and_branch_filter(clean_app, client, login_as, branch):
    login_as("coordinator")
    with clean_app.app_context():
        from program_planner.admin.service import save_branch

        east = save_branch(None, None, name="Eastside", code="EAS", address="2 E", active=True).id
        db.session.commit()
    add_program_session(clean_app, branch, "Central talk", Status.APPROVED, local(2027, 1, 5, 14))
    add_program_session(clean_app, east, "Eastside talk", Status.APPROVED, local(2027, 1, 6, 14))
    # with no branch asked for, the person's own branch; the month links keep it
    page = client.get("/calendar?month=2027-01").get_data(as_text=True)
    assert "Central talk" in page and "Eastside talk" not in page
    assert f'href="/calendar?month=2026-12&amp;branch={branch}"' in page
    assert f'href="/calendar?month=2027-02&amp;branch={branch}"' in page
    page = client.get("/calendar?month=2027-01&branch=all").get_data(as_text=True)
    assert "1 session" in day_cell(page, "2027-01-05") and "1 session" in day_cell(
        page, "2027-01-06"
    )  # the whole library's month counts each day's sessions
    assert 'href="/calendar?month=2027-02&amp;branch=all"' in page
    page = client.get("/calendar?month=2027-01&branch=all&day=2027-01-06").get_data(as_text=True)
    assert "Eastside talk" in page and "Central talk" not in page
    page = client.get(f"/calendar?month=2027-01&branch={east}").get_data(as_text=True)
    assert "Eastside talk" in page and "Central talk" not in page
    assert f'href="/calendar?month=2027-02&amp;branch={east}"' in page
    page = client.get("/calendar?month=2027-01&branch=abc").get_data(as_text=True)
    assert "That branch was not found" in page
    assert "1 session" in day_cell(page, "2027-01-06")  # every branch, as it says
    assert "February 2027" in client.get("/calendar?month=2027-02").get_data(as_text=True)


def test_a_bad_month_falls_back_to_this_month_with_a_message(client, login_as):
    login_as("frontline")
    today = datetime.now(TORONTO).date()
    previous = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    for bad in ("2027-13", "March", "0000-01", "2027-1", "99999-01", "2027-03-01", "%00"):
        response = client.get("/calendar", query_string={"month": bad})
        page = response.get_data(as_text=True)
        assert response.status_code == 200, bad
        assert "That month was not understood (use YYYY-MM); showing this month." in page
        assert f'href="/calendar?month={previous}&amp;branch=' in page
    assert "not understood" not in client.get("/calendar").get_data(as_text=True)


def test_calendar_statements_do_not_grow_with_sessions(clean_app, client, login_as, branch):
    login_as("coordinator")
    rooms = [new_venue(clean_app, branch, name=f"Room {i}") for i in range(3)]
    add_program_session(clean_app, branch, "Program 0", Status.APPROVED, local(2027, 3, 1, 10))
    client.get("/calendar?month=2027-03")  # warm up
    with counting_statements(clean_app) as one:
        page = client.get("/calendar?month=2027-03").get_data(as_text=True)
    assert page.count('class="cal-event') == 2  # the grid and the phone list
    for i in range(1, 15):
        add_program_session(
            clean_app,
            branch,
            f"Program {i}",
            Status.DRAFT if i % 2 else Status.SCHEDULED,
            local(2027, 3, 1 + i, 10),
            venue_id=rooms[i % 3],
        )
    with counting_statements(clean_app) as fifteen:
        page = client.get("/calendar?month=2027-03").get_data(as_text=True)
    assert page.count('class="cal-event') == 30
    assert len(fifteen) == len(one)


def test_whole_library_month_counts_days_and_lists_a_day_page_by_page(
    clean_app, client, login_as, branch, monkeypatch
):
    login_as("coordinator")
    with clean_app.app_context():
        from program_planner.admin.service import save_branch

        save_branch(None, None, name="Eastside", code="EAS", address="2 E", active=True)
        db.session.commit()
    for hour in (9, 10, 11):
        add_program_session(
            clean_app, branch, f"At {hour}", Status.APPROVED, local(2027, 4, 6, hour)
        )
    add_program_session(
        clean_app, branch, "Night owls", Status.SCHEDULED, local(2027, 4, 6, 23, 30)
    )
    add_program_session(clean_app, branch, "Declined", Status.DECLINED, local(2027, 4, 6, 12))
    page = client.get("/calendar?month=2027-04&branch=all").get_data(as_text=True)
    assert "4 sessions" in day_cell(page, "2027-04-06")  # 23:30 local is still the 6th
    assert "session" not in day_cell(page, "2027-04-07")
    assert "cal-event" not in page  # a summary: no session is loaded
    assert 'href="http://localhost/calendar.ics"' in page  # the whole library's feed, and
    assert "choose a branch above for that branch's own, smaller feed" in plain(page)
    own = client.get(f"/calendar?month=2027-04&branch={branch}").get_data(as_text=True)
    assert f'calendar.ics?branch={branch}"' in own and "smaller feed" not in own
    assert 'href="/calendar?month=2027-04&amp;branch=all&amp;day=2027-04-06#day-sessions"' in page
    monkeypatch.setattr("program_planner.occurrences.service.DAY_PAGE", 3)
    day = "/calendar?month=2027-04&branch=all&day=2027-04-06"
    first = plain(client.get(day).get_data(as_text=True))
    assert "Sessions on Tuesday, April 6, 2027" in first
    assert [t for t in ("At 9", "At 10", "At 11", "Night owls") if t in first] == [
        "At 9",
        "At 10",
        "At 11",
    ]
    assert "Later sessions" in first and "Earlier sessions" not in first
    second = plain(client.get(day + "&page=2").get_data(as_text=True))
    assert "Night owls" in second and "At 9" not in second and "Earlier sessions" in second
    for bad in ("2027-05-40", "yesterday", "2027-06-01"):  # not a day of this month's grid
        response = client.get(f"/calendar?month=2027-04&branch=all&day={bad}")
        assert response.status_code == 200 and "Sessions on" not in response.get_data(as_text=True)


def test_whole_library_month_statements_do_not_grow_with_sessions(
    clean_app, client, login_as, branch
):
    login_as("coordinator")
    url = "/calendar?month=2027-05&branch=all&day=2027-05-03"
    add_program_session(clean_app, branch, "Program 0", Status.APPROVED, local(2027, 5, 3, 10))
    client.get(url)
    with counting_statements(clean_app) as one:
        client.get(url)
    for i in range(1, 15):
        add_program_session(clean_app, branch, f"P{i}", Status.SCHEDULED, local(2027, 5, 1 + i, 9))
    with counting_statements(clean_app) as fifteen:
        page = client.get(url).get_data(as_text=True)
    assert "2 sessions" in day_cell(page, "2027-05-03")
    assert len(fifteen) == len(one)


def test_calendar_needs_a_signed_in_staff_member(client):
    response = client.get("/calendar")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def parse_feed(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.data)


def test_ical_feed_has_only_published_sessions_and_parses(clean_app, client, branch):
    room = new_venue(clean_app, branch)
    hall = new_venue(clean_app, None, name="Eastview Centre")
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    published = {}
    for status in Status:
        program_id, occurrence_id = add_program_session(
            clean_app, branch, f"Program {status.value}", status, soon, venue_id=room, hours=1
        )
        if status in PUBLISHED_STATUSES:
            published[occurrence_id] = status
    online = add_program_session(
        clean_app, branch, "Online evening", Status.EVALUATED, soon + timedelta(hours=3)
    )[1]
    outside = add_program_session(
        clean_app, branch, "Eastview fair", Status.CLOSED, soon + timedelta(days=1), hall
    )[1]
    add_program_session(  # long past: left out
        clean_app, branch, "Long ago", Status.CLOSED, soon - timedelta(days=120), room
    )
    calendar = parse_feed(client.get("/calendar.ics"))  # nobody signed in
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["X-WR-TIMEZONE"] == "America/Toronto"
    assert calendar["X-WR-CALNAME"] == "Public Library programs"
    events = {e["UID"]: e for e in calendar.walk("VEVENT")}
    expected = {f"occurrence-{i}@localhost" for i in [*published, online, outside]}
    assert set(events) == expected
    summaries = sorted(str(e["SUMMARY"]) for e in events.values())
    assert summaries == [
        "Eastview fair",
        "Online evening",
        "Program approved",
        "Program closed",
        "Program delivered",
        "Program evaluated",
        "Program scheduled",
    ]
    first = events[f"occurrence-{next(iter(published))}@localhost"]
    assert first.decoded("DTSTART") == soon and first.decoded("DTEND") == soon + timedelta(hours=1)
    assert first.decoded("DTSTART").utcoffset() == timedelta(0)
    assert "DTSTAMP" in first
    assert str(first["LOCATION"]) == "Riverside Room, Central Library, 1 Main St"
    assert str(first["DESCRIPTION"]) == "Hands-on introduction to email and video calls."
    assert str(events[f"occurrence-{online}@localhost"]["LOCATION"]) == "Online"
    assert str(events[f"occurrence-{outside}@localhost"]["LOCATION"]) == (
        "Eastview Centre, 12 Elm Street"
    )
    text = client.get("/calendar.ics").get_data(as_text=True)
    assert "need_evidence" not in text and "Desk requests" not in text and "@library" not in text


def test_ical_feed_by_branch_and_unknown_branch(clean_app, client, branch):
    with clean_app.app_context():
        from program_planner.admin.service import save_branch

        east = save_branch(None, None, name="Eastside", code="EAS", address="2 E", active=True).id
        db.session.commit()
    soon = datetime.now(UTC) + timedelta(days=3)
    add_program_session(clean_app, branch, "Central talk", Status.APPROVED, soon)
    add_program_session(clean_app, east, "Eastside talk", Status.APPROVED, soon)
    calendar = parse_feed(client.get(f"/calendar.ics?branch={east}"))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Eastside talk"]
    assert "Eastside" in str(calendar["X-WR-CALNAME"])
    assert client.get("/calendar.ics?branch=9999").status_code == 404
    assert client.get("/calendar.ics?branch=abc").status_code == 404


def test_signed_in_staff_get_the_feed_too(clean_app, client, login_as, branch):
    login_as("frontline")
    add_program_session(
        clean_app, branch, "Talk", Status.SCHEDULED, datetime.now(UTC) + timedelta(days=1)
    )
    calendar = parse_feed(client.get("/calendar.ics"))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Talk"]


def test_program_list_filters_by_session_dates(clean_app, client, login_as, branch):
    login_as("coordinator")
    add_program_session(clean_app, branch, "March talk", Status.APPROVED, local(2027, 3, 10, 18))
    # late on 31 March in Toronto is already April in UTC
    add_program_session(clean_app, branch, "Late talk", Status.APPROVED, local(2027, 3, 31, 21))
    add_program_session(clean_app, branch, "May talk", Status.DRAFT, local(2027, 5, 2, 10))
    with clean_app.app_context():
        program = make_program(None, branch, title="Before and after")
        add_occurrence(program.id, local(2027, 2, 1, 10))
        add_occurrence(program.id, local(2027, 6, 1, 10))
        db.session.commit()

    def titles(**args):
        page = client.get("/programs", query_string=args).get_data(as_text=True)
        rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
        return {t for t in ("March talk", "Late talk", "May talk", "Before and after") if t in rows}

    assert titles(date_from="2027-03-01", date_to="2027-03-31") == {"March talk", "Late talk"}
    assert titles(date_from="2027-04-01", date_to="2027-04-30") == set()
    assert titles(date_from="2027-04-01") == {"May talk", "Before and after"}
    assert titles(date_to="2027-03-10") == {"March talk", "Before and after"}
    assert titles(date_from="2027-05-02", date_to="2027-05-02") == {"May talk"}
    page = client.get("/programs?date_from=2027-05-01&date_to=2027-04-01").get_data(as_text=True)
    assert "The end date is before the start date." in page
    assert "Sessions from" in page and "Sessions until" in page
    page = client.get("/programs?date_from=garbage").get_data(as_text=True)
    assert "This filter was ignored." in page


def test_delivery_mode_is_used_by_the_feed_location(clean_app, client, branch):
    # an online program's session has no venue: its location is "Online"
    add_program_session(
        clean_app,
        branch,
        "Webinar",
        Status.APPROVED,
        datetime.now(UTC) + timedelta(days=2),
    )
    with clean_app.app_context():
        db.session.execute(
            sa.text("UPDATE programs SET delivery_mode = :m"), {"m": DeliveryMode.ONLINE.value}
        )
        db.session.commit()
    calendar = parse_feed(client.get("/calendar.ics"))
    assert [str(e["LOCATION"]) for e in calendar.walk("VEVENT")] == ["Online"]
