"""The IT queue at scale: the person's branch first, All branches one choice away, paged."""

import re
from datetime import date, timedelta

import sqlalchemy as sa

from program_planner.auth.models import Branch
from program_planner.extensions import db
from program_planner.planning.it import QUEUE_PAGE_SIZE
from program_planner.planning.models import ITRequest, ITStatus
from tests.conftest import query
from tests.factories import make_program
from tests.planning.conftest import table_rows
from tests.planning.factories import add_it_request

FIRST_DAY = date(2027, 1, 1)


def fill_queue(app, owner_id, branch_id, central=QUEUE_PAGE_SIZE + 3, west=2):
    """Open requests in two branches, one a day from FIRST_DAY; return Westside's id."""
    with app.app_context():
        west_branch = Branch(name="Westside", code="WES", address="2 West St")
        db.session.add(west_branch)
        db.session.flush()
        here = make_program(owner_id, branch_id, title="Central program")
        there = make_program(owner_id, west_branch.id, title="Westside program")
        for n in range(central):
            add_it_request(here.id, needed_by=FIRST_DAY + timedelta(days=n))
        for n in range(west):
            add_it_request(there.id, needed_by=FIRST_DAY + timedelta(days=n))
        db.session.commit()
        return west_branch.id


def programs_listed(html):
    return [row[1] for row in table_rows(html, "it-queue")]


def test_queue_opens_at_the_persons_branch_a_page_at_a_time(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    west = fill_queue(clean_app, owner.id, branch)
    client.post("/logout")
    login_as("coordinator")  # works at Central Library
    html = client.get("/it-requests").get_data(as_text=True)
    assert programs_listed(html) == ["Central program"] * QUEUE_PAGE_SIZE
    assert f"{QUEUE_PAGE_SIZE + 3} open requests" in html
    assert table_rows(html, "it-queue")[0][0] == "Jan 1, 2027"  # soonest first
    assert f'href="/it-requests?page=2&amp;branch={branch}"' in html
    assert 'href="/it-requests?branch=all"' in html  # Show all branches
    html = client.get(f"/it-requests?page=2&branch={branch}").get_data(as_text=True)
    assert programs_listed(html) == ["Central program"] * 3
    last = FIRST_DAY + timedelta(days=QUEUE_PAGE_SIZE + 2)
    assert table_rows(html, "it-queue")[-1][0] == f"{last:%b} {last.day}, {last.year}"
    html = client.get("/it-requests?branch=all").get_data(as_text=True)
    assert f"{QUEUE_PAGE_SIZE + 5} open requests" in html
    assert programs_listed(html)[:4] == ["Central program", "Westside program"] * 2
    html = client.get(f"/it-requests?branch={west}").get_data(as_text=True)
    assert programs_listed(html) == ["Westside program"] * 2 and "2 open requests" in html
    html = client.get("/it-requests?branch=nowhere&page=x").get_data(as_text=True)
    assert "This filter was ignored" in html and f"{QUEUE_PAGE_SIZE + 5} open requests" in html
    html = client.get("/it-requests?page=99").get_data(as_text=True)
    assert "No open requests" not in html and f"{QUEUE_PAGE_SIZE + 3} open requests" in html
    assert "This page is past the end of the list." in html
    assert f'href="/it-requests?branch={branch}"' in html  # back to its first page


def test_moving_a_request_keeps_the_branch_and_page(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    west = fill_queue(clean_app, owner.id, branch)
    client.post("/logout")
    login_as("coordinator")
    html = client.get(f"/it-requests?branch={west}").get_data(as_text=True)
    action = re.search(r'action="(/it-requests/\d+/advance[^"]*)"', html).group(1)
    assert action.endswith(f"?branch={west}")
    request_id = int(re.search(r"/it-requests/(\d+)/advance", action).group(1))
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    response = client.post(
        action.replace("&amp;", "&"),
        data={"csrf_token": token, "seen_status": "requested", "it_notes": "Booked"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/it-requests?branch={west}")
    assert query(clean_app, sa.select(ITRequest.status).where(ITRequest.id == request_id)) == [
        ITStatus.CONFIRMED
    ]
    html = client.get(f"/it-requests?page=2&branch={branch}").get_data(as_text=True)
    action = re.search(r'action="(/it-requests/\d+/advance[^"]*)"', html).group(1)
    assert "page=2" in action and f"branch={branch}" in action
