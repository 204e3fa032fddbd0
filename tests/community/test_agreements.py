"""Agreements with partner organisations: record, change, remove; status from the dates."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from program_planner.community.models import AgreementStatus, PartnerAgreement
from program_planner.extensions import db
from tests.community.factories import make_agreement
from tests.conftest import count_statements, query, sign_in
from tests.editing import delete_row, form_data
from tests.people.factories import make_organisation

TODAY = date.today()


def _org(app, name="Riverside Newcomer Settlement Agency"):
    with app.app_context():
        org_id = make_organisation(name).id
        db.session.commit()
        return org_id


def _agreement(app, org_id, recorded_by_id, **kw):
    with app.app_context():
        agreement_id = make_agreement(org_id, recorded_by_id, **kw).id
        db.session.commit()
        return agreement_id


@pytest.mark.parametrize(
    ("starts", "ends", "status"),
    [
        (-400, None, AgreementStatus.ACTIVE),
        (-400, 200, AgreementStatus.ACTIVE),
        (-400, 60, AgreementStatus.EXPIRING),
        (-400, 0, AgreementStatus.EXPIRING),
        (-400, -1, AgreementStatus.EXPIRED),
        (10, 400, AgreementStatus.UPCOMING),
    ],
)
def test_status_comes_from_the_dates(starts, ends, status):
    agreement = PartnerAgreement(
        starts_on=TODAY + timedelta(starts),
        ends_on=TODAY + timedelta(ends) if ends is not None else None,
    )
    assert agreement.status_on(TODAY) is status


def test_programmer_records_changes_and_removes_an_agreement(clean_app, client, login_as):
    me = login_as("programmer")
    org_id = _org(clean_app)
    new_url = f"/community/partners/{org_id}/agreements/new"
    page = client.get(new_url).get_data(as_text=True)
    data = form_data(
        page,
        {
            "kind": "space_use",
            "title": "Room 2 for conversation circles <script>x</script>",
            "starts_on": (TODAY - timedelta(days=30)).isoformat(),
            "ends_on": (TODAY + timedelta(days=20)).isoformat(),
            "note": "Signed copy in the branch head's binder.",
        },
    )
    response = client.post(new_url, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/community/partners/{org_id}#agreements")
    rows = query(clean_app, sa.select(PartnerAgreement))
    assert len(rows) == 1
    row = rows[0]
    assert (row.kind.value, row.recorded_by_id, row.organisation_id) == ("space_use", me.id, org_id)
    partner = client.get(f"/community/partners/{org_id}").get_data(as_text=True)
    assert "Room 2 for conversation circles &lt;script&gt;" in partner
    assert "Space-use agreement" in partner and 'data-status="expiring"' in partner
    assert "Signed copy in the branch head" in partner and "Recorded by" in partner
    partners = client.get("/community/partners").get_data(as_text=True)
    assert 'id="expiring-agreements"' in partners and "Room 2 for conversation" in partners

    edit_url = f"/community/partners/{org_id}/agreements/{row.id}"
    data = form_data(client.get(edit_url).get_data(as_text=True), {"ends_on": ""})
    assert client.post(edit_url, data=data).status_code == 302
    assert query(clean_app, sa.select(PartnerAgreement.ends_on, PartnerAgreement.version)) == [
        (None, 2)
    ]
    partner = client.get(f"/community/partners/{org_id}").get_data(as_text=True)
    assert "open-ended" in partner and 'data-status="active"' in partner
    assert 'id="expiring-agreements"' not in client.get("/community/partners").get_data(
        as_text=True
    )

    assert delete_row(client, edit_url).status_code == 302
    assert query(clean_app, sa.select(PartnerAgreement.id)) == []
    assert 'id="no-agreements"' in client.get(f"/community/partners/{org_id}").get_data(
        as_text=True
    )


def test_end_before_start_is_refused_with_everything_kept(clean_app, client, login_as):
    login_as("coordinator")
    org_id = _org(clean_app)
    url = f"/community/partners/{org_id}/agreements/new"
    typed = {
        "kind": "data_sharing",
        "title": "Shared counts of newcomers served",
        "starts_on": "2026-09-01",
        "ends_on": "2026-03-01",
        "note": "Numbers only, no names.",
    }
    response = client.post(url, data=form_data(client.get(url).get_data(as_text=True), typed))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The end date is before the start date." in page
    kept = form_data(page)
    for name, value in typed.items():
        assert kept[name] == value
    assert query(clean_app, sa.select(PartnerAgreement.id)) == []
    bad = dict(typed, starts_on="not a date", ends_on="")
    page = client.post(url, data=bad).get_data(as_text=True)
    assert "Enter a date, e.g." in page and "Shared counts of newcomers served" in page
    missing = dict(typed, title="  ", starts_on="", ends_on="")
    page = client.post(url, data=missing).get_data(as_text=True)
    assert "Give the agreement a title." in page and "Enter the date it starts." in page
    assert query(clean_app, sa.select(PartnerAgreement.id)) == []


def test_two_saves_of_one_agreement_one_is_refused_text_kept(clean_app, client, make_user):
    first, second = make_user("coordinator"), make_user("coordinator")
    org_id = _org(clean_app)
    agreement_id = _agreement(clean_app, org_id, first.id)
    url = f"/community/partners/{org_id}/agreements/{agreement_id}"
    other = clean_app.test_client()
    sign_in(client, first.username, first.password)
    sign_in(other, second.username, second.password)
    mine = form_data(client.get(url).get_data(as_text=True), {"note": "First note"})
    theirs = form_data(other.get(url).get_data(as_text=True), {"note": "Second note"})
    assert client.post(url, data=mine).status_code == 302
    refused = other.post(url, data=theirs)
    assert refused.status_code == 200
    page = refused.get_data(as_text=True)
    assert "Someone else saved this while you were editing." in page and "Second note" in page
    assert query(clean_app, sa.select(PartnerAgreement.note)) == ["First note"]
    assert other.post(url, data=form_data(page)).status_code == 302  # saving again keeps it
    assert query(clean_app, sa.select(PartnerAgreement.note)) == ["Second note"]


def test_removing_after_someone_changed_it_is_refused(clean_app, client, make_user):
    me, other_person = make_user("coordinator"), make_user("coordinator")
    org_id = _org(clean_app)
    agreement_id = _agreement(clean_app, org_id, me.id)
    url = f"/community/partners/{org_id}/agreements/{agreement_id}"
    sign_in(client, me.username, me.password)
    page = client.get(url).get_data(as_text=True)
    other = clean_app.test_client()
    sign_in(other, other_person.username, other_person.password)
    data = form_data(other.get(url).get_data(as_text=True), {"title": "Renewed MOU"})
    assert other.post(url, data=data).status_code == 302
    delete = form_data(page, action=f"/agreements/{agreement_id}/delete")
    response = client.post(f"{url}/delete", data=delete)
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert query(clean_app, sa.select(PartnerAgreement.title)) == ["Renewed MOU"]


def test_saving_an_agreement_someone_removed_keeps_the_typing(clean_app, client, login_as):
    me = login_as("coordinator")
    org_id = _org(clean_app)
    agreement_id = _agreement(clean_app, org_id, me.id)
    url = f"/community/partners/{org_id}/agreements/{agreement_id}"
    data = form_data(client.get(url).get_data(as_text=True), {"title": "My careful title"})
    with clean_app.app_context():
        db.session.execute(sa.delete(PartnerAgreement))
        db.session.commit()
    response = client.post(url, data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else removed this agreement" in page and "My careful title" in page
    again = form_data(page)
    assert client.post(f"/community/partners/{org_id}/agreements/new", data=again).status_code
    assert query(clean_app, sa.select(PartnerAgreement.title)) == ["My careful title"]


def test_who_may_manage_agreements(clean_app, client, make_user):
    owner, frontline = make_user("programmer"), make_user("frontline")
    another = make_user("programmer")
    org_id = _org(clean_app)
    agreement_id = _agreement(clean_app, org_id, owner.id)
    url = f"/community/partners/{org_id}/agreements/{agreement_id}"
    sign_in(client, frontline.username, frontline.password)
    partner = client.get(f"/community/partners/{org_id}").get_data(as_text=True)
    assert "Memorandum on shared outreach" in partner and "Record an agreement" not in partner
    assert client.get(url).status_code == 403
    assert client.get(f"/community/partners/{org_id}/agreements/new").status_code == 403
    client.post("/logout")
    sign_in(client, another.username, another.password)
    partner = client.get(f"/community/partners/{org_id}").get_data(as_text=True)
    assert f'href="{url}"' not in partner and "Record an agreement" in partner
    assert client.get(url).status_code == 403
    assert client.post(f"{url}/delete", data={"version": "1"}).status_code == 403
    other_org = _org(clean_app, "Old Friends Society")
    client.post("/logout")
    sign_in(client, owner.username, owner.password)
    assert client.get(f"/community/partners/{other_org}/agreements/{agreement_id}").status_code == (
        404
    )
    assert client.get(f"/community/partners/{org_id}/agreements/999999").status_code == 404
    assert client.get("/community/partners/999999/agreements/new").status_code == 404
    assert query(clean_app, sa.select(PartnerAgreement.id)) == [agreement_id]


def test_partner_pages_statement_counts_are_constant(clean_app, client, login_as):
    me = login_as("coordinator")
    org_id = _org(clean_app)

    def add(n):
        with clean_app.app_context():
            for i in range(n):
                other = make_organisation(f"Organisation {i} {TODAY}-{n}")
                for org in (org_id, other.id):
                    make_agreement(org, me.id, ends_on=TODAY + timedelta(days=10 + i))
            db.session.commit()

    add(1)
    few = count_statements(clean_app, client, "/community/partners")
    few_page = count_statements(clean_app, client, f"/community/partners/{org_id}")
    add(5)
    assert count_statements(clean_app, client, "/community/partners") == few
    assert count_statements(clean_app, client, f"/community/partners/{org_id}") == few_page
