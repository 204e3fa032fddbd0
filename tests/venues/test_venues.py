"""The venues catalogue through HTTP: coordinators keep branch rooms and community venues."""

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.venues.models import Venue, VenueKind
from tests.conftest import query
from tests.venues.factories import make_venue


def venue_form(branch, **overrides):
    data = {
        "name": "Riverside Room",
        "kind": "branch_room",
        "branch_id": str(branch),
        "address": "2nd floor",
        "capacity": "40",
        "accessibility": ["step_free", "hearing_loop"],
        "notes": "Key at the desk",
        "active": "y",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_branch_room_and_sees_it_listed(clean_app, client, login_as, branch):
    login_as("coordinator")
    response = client.post("/venues/new", data=venue_form(branch))
    assert response.status_code == 302 and response.headers["Location"] == "/venues"
    rows = query(clean_app, sa.select(Venue.name, Venue.kind, Venue.branch_id, Venue.capacity))
    assert [tuple(r) for r in rows] == [("Riverside Room", VenueKind.BRANCH_ROOM, branch, 40)]
    assert query(clean_app, sa.select(Venue.accessibility)) == [["step_free", "hearing_loop"]]
    page = client.get("/venues").get_data(as_text=True)
    for text in ("Riverside Room", "Branch room", "Central Library", "40"):
        assert text in page
    assert "Step-free entrance, Hearing loop" in page


def test_community_venue_needs_an_address_and_no_branch(clean_app, client, login_as, branch):
    login_as("coordinator")
    page = client.post(
        "/venues/new",
        data=venue_form(branch, name="Eastview Centre", kind="community", address=""),
    ).get_data(as_text=True)
    assert "A community venue is not in one of our branches" in page
    assert "Enter the address of the community venue" in page  # both at once
    assert 'value="Eastview Centre"' in page
    page = client.post(
        "/venues/new",
        data=venue_form(branch, name="Eastview Centre", kind="community", branch_id="", address=""),
    ).get_data(as_text=True)
    assert "Enter the address of the community venue" in page
    assert 'value="Eastview Centre"' in page
    response = client.post(
        "/venues/new",
        data=venue_form(
            branch, name="Eastview Centre", kind="community", branch_id="", address="9 Elm St"
        ),
    )
    assert response.status_code == 302
    assert query(clean_app, sa.select(Venue.address).where(Venue.name == "Eastview Centre")) == [
        "9 Elm St"
    ]
    assert "Community venue (off-site)" in client.get("/venues").get_data(as_text=True)


def test_branch_room_needs_a_branch_and_a_capacity(clean_app, client, login_as, branch):
    login_as("admin")
    page = client.post("/venues/new", data=venue_form(branch, branch_id="")).get_data(as_text=True)
    assert "Choose the branch this room is in." in page and 'value="2nd floor"' in page
    page = client.post("/venues/new", data=venue_form(branch, capacity="0")).get_data(as_text=True)
    assert "A venue holds at least 1 person." in page
    page = client.post("/venues/new", data=venue_form(branch, capacity="")).get_data(as_text=True)
    assert "Enter how many people the venue holds." in page
    page = client.post("/venues/new", data=venue_form(branch, branch_id="999")).get_data(
        as_text=True
    )
    assert "Choose a branch from the list." in page
    assert query(clean_app, sa.select(sa.func.count(Venue.id))) == [0]


def test_editing_a_venue_and_an_edit_conflict(clean_app, client, login_as, branch):
    login_as("coordinator")
    with clean_app.app_context():
        venue_id = make_venue(branch).id
        db.session.commit()
    page = client.get(f"/venues/{venue_id}").get_data(as_text=True)
    assert 'value="Riverside Room"' in page and 'name="version" type="hidden" value="1"' in page
    response = client.post(
        f"/venues/{venue_id}", data=venue_form(branch, capacity="25", version="1")
    )
    assert response.status_code == 302
    assert query(clean_app, sa.select(Venue.capacity)) == [25]
    page = client.post(
        f"/venues/{venue_id}", data=venue_form(branch, name="Old Name", version="1")
    ).get_data(as_text=True)
    assert "Someone else saved this entry while you were editing" in page
    assert 'value="Old Name"' in page
    assert query(clean_app, sa.select(Venue.name)) == ["Riverside Room"]
    assert client.get("/venues/9999").status_code == 404


def test_programmers_cannot_keep_venues(client, login_as, branch):
    login_as("programmer")
    assert client.get("/venues").status_code == 403
    assert client.post("/venues/new", data=venue_form(branch)).status_code == 403
