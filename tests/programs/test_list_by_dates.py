"""The program list filtered by session dates: overnight sessions, paging, constant statements."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.conftest import counting_statements
from tests.factories import make_program
from tests.occurrences.factories import add_occurrence

TORONTO = ZoneInfo("America/Toronto")


def local(*args):
    """Return an aware UTC time for a Toronto wall-clock time."""
    return datetime(*args, tzinfo=TORONTO).astimezone(UTC)


def add_sessions(app, branch, sessions):
    """Add one program per (title, start, hours)."""
    with app.app_context():
        for title, starts, hours in sessions:
            program = make_program(None, branch, status=Status.APPROVED, title=title)
            add_occurrence(program.id, starts, hours=hours)
        db.session.commit()


def titles(client, **args):
    page = client.get("/programs", query_string=args).get_data(as_text=True)
    rows = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return sorted(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', rows))


def test_a_session_running_over_midnight_into_the_range_counts(clean_app, client, login_as, branch):
    login_as("coordinator")
    add_sessions(
        clean_app,
        branch,
        [
            ("Overnight read-a-thon", local(2027, 2, 28, 20), 11),  # until 07:00 on 1 March
            ("Ends at midnight", local(2027, 2, 28, 22), 2),  # over as March begins
            ("Long day before", local(2027, 2, 28, 8), 12),  # 08:00 to 20:00 on 28 Feb
            ("First of March", local(2027, 3, 1, 10), 2),
            ("Last evening", local(2027, 3, 31, 23), 1),
            ("April", local(2027, 4, 1, 0), 1),
        ],
    )
    assert titles(client, date_from="2027-03-01", date_to="2027-03-31") == [
        "First of March",
        "Last evening",
        "Overnight read-a-thon",
    ]
    assert titles(client, date_from="2027-02-28", date_to="2027-02-28") == [
        "Ends at midnight",
        "Long day before",
        "Overnight read-a-thon",
    ]


def test_list_by_dates_pages_with_the_filters_kept_in_constant_statements(
    clean_app, client, login_as, branch
):
    login_as("coordinator")
    add_sessions(
        clean_app,
        branch,
        [(f"March talk {n:02d}", local(2027, 3, 1 + n % 28, 18), 2) for n in range(30)]
        + [("February talk", local(2027, 2, 10, 18), 2)],
    )
    args = {"date_from": "2027-03-01", "date_to": "2027-03-31"}
    page = client.get("/programs", query_string=args).get_data(as_text=True)
    assert "30 programs" in page
    assert len(titles(client, **args)) == 25
    link = re.search(r'<a class="page-link" href="([^"]*page=2[^"]*)"', page).group(1)
    assert "date_from=2027-03-01" in link and "date_to=2027-03-31" in link
    second = titles(client, page="2", **args)
    assert len(second) == 5 and "February talk" not in second
    assert sorted(titles(client, **args) + second) == [f"March talk {n:02d}" for n in range(30)]
    with counting_statements(clean_app) as many:
        client.get("/programs", query_string=args)
    add_sessions(clean_app, branch, [("One more", local(2027, 3, 5, 10), 2)])
    with counting_statements(clean_app) as more:
        client.get("/programs", query_string=args)
    assert len(more) == len(many)
