"""Promotion items and collection tie-ins of a program."""

from datetime import date

import pytest
import sqlalchemy as sa

from program_planner.planning.models import (
    CollectionTieIn,
    PromotionChannel,
    PromotionItem,
    PromotionStatus,
    TieInStatus,
)
from program_planner.programs.models import Status
from tests.conftest import query
from tests.editing import delete_row
from tests.planning.conftest import field_error, set_status, table_rows
from tests.planning.factories import add_promotion_item, add_tie_in


def promotion(app, program_id):
    return query(
        app,
        sa.select(
            PromotionItem.channel,
            PromotionItem.audience,
            PromotionItem.language,
            PromotionItem.planned_date,
            PromotionItem.status,
            PromotionItem.owner,
        ).where(PromotionItem.program_id == program_id),
    )


def tie_ins(app, program_id):
    return query(
        app,
        sa.select(
            CollectionTieIn.title_or_subject,
            CollectionTieIn.formats,
            CollectionTieIn.quantity,
            CollectionTieIn.status,
        ).where(CollectionTieIn.program_id == program_id),
    )


def promo_data(**fields):
    return {
        "channel": "social_media",
        "audience": "Newcomers",
        "language": "es",
        "planned_date": "2027-01-15",
        "status": "planned",
        "owner": "Marketing",
        "notes": "",
        **fields,
    }


def tie_in_data(**fields):
    return {
        "title_or_subject": "Learning English",
        "formats": "Graded readers",
        "languages": "English, Spanish",
        "quantity": "6",
        "notes": "",
        "status": "requested",
        **fields,
    }


def test_owner_plans_promotion(clean_app, client, plan):
    response = client.post(f"/programs/{plan.id}/promotion/new", data=promo_data())
    assert response.status_code == 302 and response.headers["Location"].endswith("#promotion")
    assert promotion(clean_app, plan.id) == [
        (
            PromotionChannel.SOCIAL_MEDIA,
            "Newcomers",
            "es",
            date(2027, 1, 15),
            PromotionStatus.PLANNED,
            "Marketing",
        )
    ]
    html = client.get(f"/programs/{plan.id}").get_data(as_text=True)
    assert table_rows(html, "promotion-table")[0][:6] == [
        "Social media",
        "Newcomers",
        "Spanish",
        "Jan 15, 2027",
        "Planned",
        "Marketing",
    ]


def test_promotion_bad_input_is_explained_and_kept(clean_app, client, plan):
    html = client.post(
        f"/programs/{plan.id}/promotion/new",
        data=promo_data(
            language="xx", planned_date="next week", channel="carrier_pigeon", owner="o" * 121
        ),
    ).get_data(as_text=True)
    for name in ("language", "planned_date", "channel", "owner"):
        assert field_error(html, name), name
    assert 'value="next week"' in html and "o" * 121 in html
    assert promotion(clean_app, plan.id) == []


def test_owner_requests_collection_tie_ins(clean_app, client, plan):
    response = client.post(f"/programs/{plan.id}/collection/new", data=tie_in_data())
    assert response.status_code == 302 and response.headers["Location"].endswith("#collection")
    assert tie_ins(clean_app, plan.id) == [
        ("Learning English", "Graded readers", 6, TieInStatus.REQUESTED)
    ]
    html = client.get(f"/programs/{plan.id}").get_data(as_text=True)
    assert table_rows(html, "collection-table")[0][:5] == [
        "Learning English",
        "Graded readers",
        "English, Spanish",
        "6",
        "Requested",
    ]


def test_tie_in_bad_input_is_explained_and_kept(clean_app, client, plan):
    html = client.post(
        f"/programs/{plan.id}/collection/new",
        data=tie_in_data(title_or_subject="  ", quantity="-2", formats="DVD"),
    ).get_data(as_text=True)
    assert field_error(html, "title_or_subject") == "Name a title or a subject."
    assert field_error(html, "quantity") == "Enter a whole number from 1 to 10000."
    assert 'value="-2"' in html and 'value="DVD"' in html
    assert tie_ins(clean_app, plan.id) == []


KINDS = [
    ("promotion", add_promotion_item, promo_data, promotion),
    ("collection", add_tie_in, tie_in_data, tie_ins),
]


@pytest.mark.parametrize("kind, factory, data, rows", KINDS, ids=[k[0] for k in KINDS])
def test_edit_conflict_and_delete(clean_app, client, plan, kind, factory, data, rows):
    row = plan.add(factory)
    url = f"/programs/{plan.id}/{kind}/{row}"
    assert client.get(url).status_code == 200
    assert client.post(url, data=data(notes="first", version="1")).status_code == 302
    before = rows(clean_app, plan.id)
    html = client.post(url, data=data(notes="second try", version="1")).get_data(as_text=True)
    assert "Someone else saved a change" in html and "second try" in html
    assert rows(clean_app, plan.id) == before
    assert delete_row(client, url).status_code == 302
    assert rows(clean_app, plan.id) == []
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind, factory, data, rows", KINDS, ids=[k[0] for k in KINDS])
def test_editable_until_delivered_by_the_owner_only(
    clean_app, client, plan, login_again, kind, factory, data, rows
):
    row = plan.add(factory)
    url = f"/programs/{plan.id}/{kind}/{row}"
    set_status(clean_app, plan.id, Status.SUBMITTED)  # logistics stay open after submission
    assert client.post(url, data=data(version="1")).status_code == 302
    assert client.post(f"/programs/{plan.id}/{kind}/new", data=data()).status_code == 302
    set_status(clean_app, plan.id, Status.CLOSED)
    assert client.post(url, data=data(version="2")).status_code == 403
    assert client.post(f"{url}/delete").status_code == 403
    set_status(clean_app, plan.id, Status.APPROVED)
    login_again("programmer")
    assert client.post(url, data=data(version="2")).status_code == 403
    assert client.post(f"{url}/delete").status_code == 403
    assert len(rows(clean_app, plan.id)) == 2
