"""Consultations through HTTP: counts by target group, needs raised, follow-ups, bad input."""

from datetime import date, timedelta

import sqlalchemy as sa

from program_planner.community.models import (
    Consultation,
    ConsultationReach,
    FollowUpAction,
    consultation_needs,
)
from program_planner.extensions import db
from program_planner.planning.models import TargetGroup
from tests.community.factories import make_consultation, make_need
from tests.conftest import query


def groups(app):
    with app.app_context():
        seniors, newcomers = TargetGroup(name="Seniors"), TargetGroup(name="Newcomers")
        db.session.add_all([seniors, newcomers])
        db.session.commit()
        return seniors.id, newcomers.id


def meeting(branch, **fields):
    data = {
        "kind": "meeting",
        "title": "Eastside neighbourhood meeting",
        "held_on": (date.today() - timedelta(days=3)).isoformat(),
        "branch_id": str(branch),
        "venue_id": "",
        "place": "Eastside community centre",
        "people_total": "32",
        "library_users": "20",
        "non_users": "12",
        "heard": "Evening help with phones; English practice.",
        "version": "0",
        "actions-0-action": "Send the meeting notes to the tenants' association",
        "actions-0-owner_id": "",
        "actions-0-due_on": (date.today() + timedelta(days=14)).isoformat(),
        "actions-1-action": "",
        "actions-1-owner_id": "",
        "actions-1-due_on": "",
    }
    data.update(fields)
    return data


def test_programmer_logs_a_meeting_with_counts_and_needs(clean_app, client, login_as, branch):
    seniors, newcomers = groups(clean_app)
    me = login_as("programmer")
    with clean_app.app_context():
        n1 = make_need(me.id, branch, statement="Seniors want phone help").id
        n2 = make_need(me.id, None, statement="Newcomers want English practice").id
        db.session.commit()
    page = client.get("/community/consultations/new").get_data(as_text=True)
    assert "Focus group" in page and "Seniors" in page and "Newcomers" in page
    data = meeting(branch, **{f"reach_{seniors}": "14", f"reach_{newcomers}": "9"})
    data["need_ids"] = [str(n1), str(n2)]
    data["actions-0-owner_id"] = str(me.id)
    response = client.post("/community/consultations/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    rows = query(clean_app, sa.select(ConsultationReach.target_group_id, ConsultationReach.people))
    assert sorted(rows) == sorted([(seniors, 14), (newcomers, 9)])
    assert query(
        clean_app,
        sa.select(Consultation.people_total, Consultation.non_users, Consultation.created_by_id),
    ) == [(32, 12, me.id)]
    assert sorted(query(clean_app, sa.select(consultation_needs.c.need_id))) == sorted([n1, n2])
    assert query(clean_app, sa.select(FollowUpAction.owner_id)) == [me.id]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Consultation saved." in page
    assert "Seniors want phone help" in page and "Newcomers want English practice" in page
    assert "Send the meeting notes" in page
    listing = client.get("/community/consultations").get_data(as_text=True)
    assert "Eastside neighbourhood meeting" in listing and ">32<" in listing


def test_bad_counts_and_dates_are_refused_with_text_kept(clean_app, client, login_as, branch):
    seniors, _newcomers = groups(clean_app)
    login_as("coordinator")
    cases = [
        ({"people_total": "-4"}, "Enter a whole number from 1 to 100000."),
        ({"people_total": "5000000"}, "Enter a whole number from 1 to 100000."),
        ({"people_total": "1e9"}, "Enter a whole number, e.g. 25."),
        ({f"reach_{seniors}": "-1"}, "Enter a whole number from 0 to 100000."),
        ({f"reach_{seniors}": "40"}, "Cannot be more than the people reached."),
        ({"non_users": "30"}, "cannot exceed the people reached"),
        (
            {"held_on": (date.today() + timedelta(days=1)).isoformat()},
            "A consultation cannot be logged before it happens.",
        ),
        ({"held_on": "2026-02-30"}, "Enter a date, e.g. 2027-03-14."),
    ]
    for fields, message in cases:
        page = client.post("/community/consultations/new", data=meeting(branch, **fields))
        text = page.get_data(as_text=True)
        assert page.status_code == 200
        assert message in text, fields
        assert "Evening help with phones; English practice." in text  # kept
    assert query(clean_app, sa.select(sa.func.count(Consultation.id))) == [0]


def test_hostile_text_stays_text(clean_app, client, login_as, branch):
    login_as("programmer")
    hostile = "=cmd|' /C calc'!A0<img src=x onerror=alert(1)>"
    response = client.post(
        "/community/consultations/new", data=meeting(branch, title=hostile, heard=hostile)
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_frontline_records_pop_up_counts_only(clean_app, client, login_as, make_user, branch):
    other = make_user("programmer")
    with clean_app.app_context():
        cid = make_consultation(other.id, branch).id
        db.session.commit()
    me = login_as("frontline")
    page = client.get("/community/consultations/new").get_data(as_text=True)
    assert "Pop-up at a community event" in page and "Focus group" not in page
    page = client.post("/community/consultations/new", data=meeting(branch)).get_data(as_text=True)
    assert "Not a valid choice" in page or "valid choice" in page
    response = client.post(
        "/community/consultations/new",
        data=meeting(
            branch,
            kind="pop_up",
            title="Farmers' market pop-up",
            people_total="45",
            library_users="",
            non_users="",
        ),
    )
    assert response.status_code == 302
    assert query(
        clean_app,
        sa.select(Consultation.kind, Consultation.people_total).where(
            Consultation.created_by_id == me.id
        ),
    ) == [("pop_up", 45)]
    assert client.get(f"/community/consultations/{cid}/edit").status_code == 403
    assert client.get(f"/community/consultations/{cid}").status_code == 200


def test_coordinator_corrects_a_consultation(clean_app, client, login_as, make_user, branch):
    seniors, _newcomers = groups(clean_app)
    other = make_user("programmer")
    with clean_app.app_context():
        cid = make_consultation(other.id, branch, reach=[(seniors, 5)]).id
        db.session.commit()
    login_as("coordinator")
    page = client.get(f"/community/consultations/{cid}/edit").get_data(as_text=True)
    assert 'value="5"' in page  # the count by group shown for editing
    data = meeting(branch, version="1", **{f"reach_{seniors}": "7"})
    assert client.post(f"/community/consultations/{cid}/edit", data=data).status_code == 302
    assert query(clean_app, sa.select(ConsultationReach.people)) == [7]
    stale = client.post(f"/community/consultations/{cid}/edit", data=data)
    assert "while you were editing" in stale.get_data(as_text=True)
