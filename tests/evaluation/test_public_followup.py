"""Follow-up opt-in on the thank-you page: kept apart from answers, withdrawn in one click."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from program_planner.evaluation.models import FollowUpContact, Response, ResponseKind
from program_planner.evaluation.public.service import CONSENT_VERSION
from program_planner.extensions import db
from tests.conftest import query
from tests.evaluation.factories_public import add_contact, add_link, make_public_form, valid_answers


@pytest.fixture
def form(clean_app, make_user, branch):
    owner = make_user("programmer")
    return make_public_form(clean_app, owner.id, branch)


def contacts(app):
    return query(app, sa.select(FollowUpContact))


def opt_in(client, form, email="Reader@Example.org", consent="y", lang="en"):
    data = {"email": email}
    if consent:
        data["consent"] = consent
    return client.post(f"/f/{form.token}/follow-up?lang={lang}", data=data)


def test_thank_you_page_offers_the_follow_up_with_consent_text(client, form):
    page = client.get(f"/f/{form.token}/thanks").get_data(as_text=True)
    assert "Thank you!" in page
    assert 'name="email"' in page and 'name="consent"' in page
    assert f"Consent text version {CONSENT_VERSION}" in page
    assert "120 days" in page


def test_opt_in_is_stored_apart_from_the_answers(clean_app, client, form):
    client.post(f"/f/{form.token}", data=valid_answers(form))
    response = opt_in(client, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="withdraw-link"' in page and "/follow-up/withdraw/" in page
    with clean_app.app_context():
        contact = db.session.scalars(sa.select(FollowUpContact)).one()
        assert contact.email == "reader@example.org"
        assert contact.consent_version == CONSENT_VERSION
        assert contact.program_id == form.program_id
        moment = contact.consented_at
        assert (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)
        assert len(contact.withdraw_token_hash) == 64
        assert contact.withdraw_token_hash not in page  # only the token is shown, never stored
        columns = {c.name for c in FollowUpContact.__table__.columns}
        assert not any("response" in name for name in columns)
        stored = db.session.scalars(sa.select(Response)).one()  # to the hour; consent: the day
        assert (stored.submitted_on.minute, stored.submitted_on.second) == (0, 0)


def test_bad_address_or_missing_consent_keeps_what_was_typed(clean_app, client, form):
    page = opt_in(client, form, email="not an address").get_data(as_text=True)
    assert "Enter a valid email address" in page and 'value="not an address"' in page
    assert 'aria-invalid="true"' in page
    response = opt_in(client, form, consent=None)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tick the box to agree" in page and 'value="Reader@Example.org"' in page
    assert contacts(clean_app) == []


def test_no_opt_in_on_the_follow_up_survey_or_a_closed_form(clean_app, client, form):
    with clean_app.app_context():
        follow_up = add_link(form.program_id, kind=ResponseKind.FOLLOW_UP).token
        closed = add_link(form.program_id, occurrence_id=form.occurrence_id, active=False).token
        db.session.commit()
    for token in (follow_up, closed):
        assert 'name="email"' not in client.get(f"/f/{token}/thanks").get_data(as_text=True)
        response = client.post(f"/f/{token}/follow-up", data={"email": "a@b.org", "consent": "y"})
        assert response.status_code == 410
    assert contacts(clean_app) == []
    assert client.post("/f/unknown/follow-up", data={"email": "a@b.org"}).status_code == 404


def test_thank_you_page_in_french(client, form):
    page = client.get(f"/f/{form.token}/thanks?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert 'hreflang="en"' in page


def test_withdrawal_asks_then_deletes(clean_app, client, form):
    page = opt_in(client, form).get_data(as_text=True)
    url = page.split('id="withdraw-link">', 1)[1].split("<", 1)[0].replace("http://localhost", "")
    opt_in(client, form)  # the same address left twice
    with clean_app.app_context():
        add_contact(form.program_id, email="someone.else@example.org")
        db.session.commit()
    confirm = client.get(url).get_data(as_text=True)
    assert "Delete my address" in confirm
    assert len(contacts(clean_app)) == 3  # a GET changes nothing
    done = client.post(url).get_data(as_text=True)
    assert 'id="withdrawn"' in done
    assert query(clean_app, sa.select(FollowUpContact.email)) == ["someone.else@example.org"]
    again = client.post(url).get_data(as_text=True)
    assert 'id="withdraw-unknown"' in again


def test_unknown_withdrawal_token_changes_nothing(clean_app, client, form):
    with clean_app.app_context():
        add_contact(form.program_id)
        db.session.commit()
    for url in ("/follow-up/withdraw/guess", "/follow-up/withdraw/" + "x" * 200):
        assert 'id="withdraw-unknown"' in client.post(url).get_data(as_text=True)
    assert len(contacts(clean_app)) == 1


def test_purge_command_deletes_contacts_past_retention(clean_app, form):
    now = datetime.now(UTC)
    with clean_app.app_context():
        add_contact(
            form.program_id, email="old@example.org", consented_at=now - timedelta(days=200)
        )
        add_contact(form.program_id, email="new@example.org", consented_at=now - timedelta(days=3))
        db.session.commit()
    runner = clean_app.test_cli_runner()
    result = runner.invoke(args=["evaluation", "purge-contacts"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1" in result.output
    assert query(clean_app, sa.select(FollowUpContact.email)) == ["new@example.org"]
    result = runner.invoke(args=["evaluation", "purge-contacts", "--days", "0"])
    assert "Deleted 1" in result.output
    assert contacts(clean_app) == []
