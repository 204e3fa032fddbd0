"""Repeating sessions through HTTP: rules, bounds, every clash listed, editing the rest."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence, OccurrenceSeries
from tests.conftest import query
from tests.occurrences.factories import add_occurrence
from tests.occurrences.helpers import plain, session_form, setup_programs


def series_form(venue_id, **overrides):
    data = session_form(venue_id, frequency="weekly", count="4", until="")
    data.update(overrides)
    return data


def starts(app, program_id):
    return query(
        app,
        sa.select(Occurrence.starts_at)
        .where(Occurrence.program_id == program_id)
        .order_by(Occurrence.starts_at),
    )


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_a_weekly_series_keeps_its_local_time_across_the_change_to_summer_time(
    clean_app, client, login_as, branch
):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    url = f"/programs/{ids['program']}/occurrences/series"
    page = client.get(url).get_data(as_text=True)
    assert "Add repeating sessions" in page and "Every two weeks" in page
    response = client.post(url, data=series_form(ids["room"]))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programs/{ids['program']}#sessions"
    assert starts(clean_app, ids["program"]) == [
        utc(2027, 3, 3, 23, 30),  # 18:30 EST
        utc(2027, 3, 10, 23, 30),
        utc(2027, 3, 17, 22, 30),  # 18:30 EDT from 14 March
        utc(2027, 3, 24, 22, 30),
    ]
    [(series_id, rule)] = query(clean_app, sa.select(OccurrenceSeries.id, OccurrenceSeries.rule))
    assert rule == "Every week, 4 sessions from March 3, 2027"
    assert query(clean_app, sa.select(sa.distinct(Occurrence.series_id))) == [series_id]
    page = plain(client.get(f"/programs/{ids['program']}").get_data(as_text=True))
    assert page.count("Part of a series") == 4 and "4 sessions added." in page


@pytest.mark.parametrize(
    ("start", "fields", "expected_days"),
    [
        (
            "2027-03-03",
            {"frequency": "biweekly", "count": "", "until": "2027-04-14"},
            [(3, 3), (3, 17), (3, 31), (4, 14)],
        ),
        # the 2nd Tuesday of each month
        ("2027-03-09", {"frequency": "monthly_weekday", "count": "3"}, [(3, 9), (4, 13), (5, 11)]),
        # the 31st: months without one have no session
        ("2027-01-31", {"frequency": "monthly_date", "count": "3"}, [(1, 31), (3, 31), (5, 31)]),
        ("2027-03-03", {"frequency": "weekly", "count": "1"}, [(3, 3)]),
    ],
)
def test_series_rules(clean_app, client, login_as, branch, start, fields, expected_days):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    data = series_form(ids["room"], starts_at=f"{start}T10:00", ends_at=f"{start}T11:00", **fields)
    response = client.post(f"/programs/{ids['program']}/occurrences/series", data=data)
    assert response.status_code == 302, plain(response.get_data(as_text=True))[-3000:]
    days = [(s.month, s.day) for s in starts(clean_app, ids["program"])]
    assert days == expected_days


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"count": "0"}, "Enter a number of sessions from 1 to 104."),
        ({"count": "10000"}, "Enter a number of sessions from 1 to 104."),
        ({"count": "105"}, "Enter a number of sessions from 1 to 104."),
        ({"count": "-3"}, "Enter a number of sessions from 1 to 104."),
        ({"count": "lots"}, "whole number"),
        ({"count": ""}, "Enter a number of sessions, or the date of the last one."),
        (
            {"count": "4", "until": "2027-05-01"},
            "Enter a number of sessions or an end date, not both.",
        ),
        ({"count": "", "until": "2027-03-01"}, "The end date is before the first session."),
        ({"count": "", "until": "2040-01-01"}, "That makes more than 104 sessions"),
        ({"ends_at": "2027-03-03T17:00"}, "The session must end after it starts."),
        ({"frequency": "daily"}, "Not a valid choice"),
        ({"starts_at": ""}, "Enter the date and time the first session starts."),
    ],
)
def test_bad_series_are_refused_with_a_message_and_the_input_kept(
    clean_app, client, login_as, branch, fields, message
):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    data = series_form(ids["room"], notes="Bring a laptop", **fields)
    response = client.post(f"/programs/{ids['program']}/occurrences/series", data=data)
    assert response.status_code == 422
    page = plain(response.get_data(as_text=True))
    assert message in page
    assert "Bring a laptop" in page
    assert starts(clean_app, ids["program"]) == []
    assert query(clean_app, sa.select(OccurrenceSeries.id)) == []


def test_every_clash_is_listed_and_nothing_is_saved(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    with clean_app.app_context():
        for day in (10, 24):
            add_occurrence(ids["other"], utc(2027, 3, day, 23, 0), venue_id=ids["room"])
        db.session.commit()
    response = client.post(
        f"/programs/{ids['program']}/occurrences/series", data=series_form(ids["room"])
    )
    assert response.status_code == 422
    page = plain(response.get_data(as_text=True))
    assert "2 sessions clash with other bookings; nothing was saved:" in page
    assert "Wed, Mar 10, 2027: Riverside Room is booked" in page
    assert "by “Job search workshop”" in page
    assert "Wed, Mar 24, 2027: Riverside Room is booked" in page
    assert "Mar 17, 2027: Riverside" not in page
    assert starts(clean_app, ids["program"]) == []
    # another venue is free: the same series is added
    data = series_form(ids["hall"])
    assert (
        client.post(f"/programs/{ids['program']}/occurrences/series", data=data).status_code == 302
    )
    assert len(starts(clean_app, ids["program"])) == 4


def add_series(client, app, ids, **fields):
    url = f"/programs/{ids['program']}/occurrences/series"
    assert client.post(url, data=series_form(ids["room"], **fields)).status_code == 302
    return query(
        app,
        sa.select(Occurrence.id, Occurrence.version)
        .where(Occurrence.program_id == ids["program"])
        .order_by(Occurrence.starts_at),
    )


def rows(app, program_id):
    return query(
        app,
        sa.select(Occurrence.starts_at, Occurrence.expected_attendance, Occurrence.notes)
        .where(Occurrence.program_id == program_id)
        .order_by(Occurrence.id),
    )


def test_edit_this_and_the_following_sessions(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    sessions = add_series(client, clean_app, ids)
    (_first, _v1), (second, version), *_ = sessions
    url = f"/programs/{ids['program']}/occurrences/{second}"
    page = client.get(url).get_data(as_text=True)
    assert "This session and the following sessions of its series" in page
    data = session_form(
        ids["room"],
        starts_at="2027-03-10T19:00",
        ends_at="2027-03-10T21:00",
        expected_attendance="25",
        notes="Moved later",
        apply_to="following",
        version=str(version),
    )
    assert client.post(url, data=data).status_code == 302
    assert rows(clean_app, ids["program"]) == [
        (utc(2027, 3, 3, 23, 30), 20, ""),
        (utc(2027, 3, 11, 0, 0), 25, "Moved later"),
        (utc(2027, 3, 17, 23, 0), 25, "Moved later"),
        (utc(2027, 3, 24, 23, 0), 25, "Moved later"),
    ]
    # each following session moved by half an hour, in local time (summer time kept)
    ends = query(clean_app, sa.select(Occurrence.ends_at).order_by(Occurrence.id))
    assert ends[3] == utc(2027, 3, 25, 1, 0)

    # one session only
    [(v3,)] = [
        (v,)
        for i, v in query(clean_app, sa.select(Occurrence.id, Occurrence.version))
        if i == sessions[2][0]
    ]
    url = f"/programs/{ids['program']}/occurrences/{sessions[2][0]}"
    data.update(
        starts_at="2027-03-17T10:00",
        ends_at="2027-03-17T11:00",
        notes="Morning",
        apply_to="one",
        version=str(v3),
    )
    assert client.post(url, data=data).status_code == 302
    assert [r[2] for r in rows(clean_app, ids["program"])] == [
        "",
        "Moved later",
        "Morning",
        "Moved later",
    ]


def test_a_clash_in_the_following_sessions_is_listed_and_nothing_moves(
    clean_app, client, login_as, branch
):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    sessions = add_series(client, clean_app, ids)
    with clean_app.app_context():
        add_occurrence(ids["other"], utc(2027, 3, 24, 21, 0), venue_id=ids["room"])  # 17:00 EDT
        db.session.commit()
    before = rows(clean_app, ids["program"])
    second, version = sessions[1]
    data = session_form(
        ids["room"],
        starts_at="2027-03-10T17:00",
        ends_at="2027-03-10T18:30",
        apply_to="following",
        version=str(version),
    )
    response = client.post(f"/programs/{ids['program']}/occurrences/{second}", data=data)
    assert response.status_code == 200
    page = plain(response.get_data(as_text=True))
    assert "1 session clashes with another booking; nothing was saved:" in page
    assert "Wed, Mar 24, 2027: Riverside Room is booked" in page
    assert rows(clean_app, ids["program"]) == before


def test_a_single_session_has_no_series_choice(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    ids = setup_programs(clean_app, owner.id, branch)
    client.post(f"/programs/{ids['program']}/occurrences/new", data=session_form(ids["room"]))
    [occurrence_id] = query(clean_app, sa.select(Occurrence.id))
    page = client.get(f"/programs/{ids['program']}/occurrences/{occurrence_id}")
    assert "following sessions" not in page.get_data(as_text=True)


@pytest.mark.parametrize("role", ["frontline", "coordinator"])
def test_only_the_owner_and_admins_add_a_series(
    clean_app, client, make_user, login_as, branch, role
):
    ids = setup_programs(clean_app, make_user("programmer").id, branch)
    login_as(role)
    url = f"/programs/{ids['program']}/occurrences/series"
    assert client.get(url).status_code == 403
    assert client.post(url, data=series_form(ids["room"])).status_code == 403
    assert starts(clean_app, ids["program"]) == []
