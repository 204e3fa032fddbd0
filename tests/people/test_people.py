"""Partners and presenters of a program through HTTP."""

from decimal import Decimal

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.people.models import Organisation, Presenter, ProgramPartner
from program_planner.programs.models import Status
from tests.conftest import query, sign_in
from tests.editing import delete_row
from tests.factories import make_program
from tests.people.factories import add_presenter, make_organisation


def new_program(app, owner_id, branch, **fields):
    with app.app_context():
        program = make_program(owner_id, branch, **fields)
        db.session.commit()
        return program.id


def partner_form(**overrides):
    data = {"organisation_id": "", "new_organisation": "", "role": "co_host", "contribution": ""}
    data.update(overrides)
    return data


def test_owner_adds_partners_from_the_directory_and_new_ones(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    with clean_app.app_context():
        existing = make_organisation("Eastview Community Centre").id
        db.session.commit()
    url = f"/programs/{program_id}/partners/new"
    assert "Eastview Community Centre" in client.get(url).get_data(as_text=True)
    response = client.post(
        url, data=partner_form(organisation_id=str(existing), contribution="The gym, free")
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programs/{program_id}#partners"
    response = client.post(
        url, data=partner_form(new_organisation="  Newcomer   Services Network ", role="referrals")
    )
    assert response.status_code == 302
    # the same name in other letters reuses the organisation
    response = client.post(
        url, data=partner_form(new_organisation="eastview community centre", role="promotion")
    )
    assert response.status_code == 302
    names = query(clean_app, sa.select(Organisation.name).order_by(Organisation.name))
    assert names == ["Eastview Community Centre", "Newcomer Services Network"]
    rows = query(
        clean_app,
        sa.select(Organisation.name, ProgramPartner.role, ProgramPartner.contribution)
        .join(ProgramPartner.organisation)
        .order_by(ProgramPartner.id),
    )
    assert [(n, r.value, c) for n, r, c in rows] == [
        ("Eastview Community Centre", "co_host", "The gym, free"),
        ("Newcomer Services Network", "referrals", ""),
        ("Eastview Community Centre", "promotion", ""),
    ]
    page = client.get(f"/programs/{program_id}").get_data(as_text=True)
    assert "Newcomer Services Network" in page and "Referrals" in page and "The gym, free" in page


def test_partner_mistakes_get_clear_messages_and_keep_input(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    with clean_app.app_context():
        existing = make_organisation("Eastview Community Centre").id
        db.session.commit()
    url = f"/programs/{program_id}/partners/new"
    page = client.post(url, data=partner_form(contribution="Snacks")).get_data(as_text=True)
    assert "Choose an organisation from the list, or type the name of a new one." in page
    assert "Snacks" in page
    page = client.post(
        url, data=partner_form(organisation_id=str(existing), new_organisation="Other Org")
    ).get_data(as_text=True)
    assert "not both" in page and 'value="Other Org"' in page
    page = client.post(url, data=partner_form(organisation_id="9999")).get_data(as_text=True)
    assert "Choose an organisation from the list." in page
    assert client.post(url, data=partner_form(organisation_id=str(existing))).status_code == 302
    page = client.post(
        url, data=partner_form(new_organisation="EASTVIEW community centre", contribution="Again")
    ).get_data(as_text=True)
    assert "is already a partner of this program as “Co-host”" in page
    assert "Again" in page
    assert query(clean_app, sa.select(sa.func.count(ProgramPartner.id))) == [1]


def test_partner_edit_delete_conflict_and_other_programmers(
    clean_app, client, login_as, make_user, branch
):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    with clean_app.app_context():
        org = make_organisation("Eastview Community Centre").id
        db.session.commit()
    client.post(f"/programs/{program_id}/partners/new", data=partner_form(organisation_id=org))
    partner_id = query(clean_app, sa.select(ProgramPartner.id))[0]
    url = f"/programs/{program_id}/partners/{partner_id}"
    page = client.get(url).get_data(as_text=True)
    assert f'<option selected value="{org}">' in page
    edit = partner_form(organisation_id=str(org), role="venue", version="1")
    assert client.post(url, data=edit).status_code == 302
    assert [r.value for r in query(clean_app, sa.select(ProgramPartner.role))] == ["venue"]
    page = client.post(url, data={**edit, "contribution": "Mine"}).get_data(as_text=True)
    assert "Someone else saved a change" in page and "Mine" in page
    other = make_user("programmer")
    client.post("/logout")
    sign_in(client, other.username)
    assert client.get(url).status_code == 403
    assert client.post(f"{url}/delete").status_code == 403
    client.post("/logout")
    sign_in(client, owner.username)
    assert delete_row(client, url).status_code == 302
    assert query(clean_app, sa.select(ProgramPartner.id)) == []
    assert client.get(url).status_code == 404


def presenter_form(**overrides):
    data = {
        "name": "Dana Fisher",
        "organisation": "CyberSafe Ontario",
        "topic": "Staying safe online",
        "email": "dana@example.org",
        "phone": "416-555-0199",
        "fee": "$1,200.50",
    }
    data.update(overrides)
    return data


def test_owner_adds_presenters_and_sees_fees_total(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    url = f"/programs/{program_id}/presenters/new"
    page = client.post(url, data=presenter_form(email="not-an-email")).get_data(as_text=True)
    assert "Enter a valid email address." in page and 'value="Dana Fisher"' in page
    page = client.post(url, data=presenter_form(name="", fee="lots")).get_data(as_text=True)
    assert "Enter the presenter's name." in page
    assert "Enter an amount in dollars" in page and 'value="CyberSafe Ontario"' in page
    assert client.post(url, data=presenter_form()).status_code == 302
    assert client.post(url, data=presenter_form(name="Sam Lee", fee="")).status_code == 302
    rows = query(clean_app, sa.select(Presenter.name, Presenter.fee).order_by(Presenter.id))
    assert [tuple(r) for r in rows] == [("Dana Fisher", Decimal("1200.50")), ("Sam Lee", 0)]
    page = client.get(f"/programs/{program_id}").get_data(as_text=True)
    assert "dana@example.org" in page and "416-555-0199" in page
    assert "Presenter fees, total" in page and "$1,200.50" in page


def test_contacts_and_fees_only_for_those_who_see_the_budget(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    with clean_app.app_context():
        program = make_program(owner.id, branch, status=Status.APPROVED)
        add_presenter(program.id, name="Dana Fisher", fee=Decimal("150.00"))
        db.session.commit()
        program_id = program.id
    for role, sees in (("frontline", False), ("programmer", False), ("coordinator", True)):
        user = make_user(role)
        sign_in(client, user.username)
        page = client.get(f"/programs/{program_id}").get_data(as_text=True)
        assert "Dana Fisher" in page and "Staying safe online" in page
        assert ("dana@example.org" in page) is sees, role
        assert ("416-555-0199" in page) is sees, role
        assert ("Presenter fees, total" in page) is sees, role
        client.post("/logout")


def test_presenter_edit_keeps_input_on_conflict(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    with clean_app.app_context():
        presenter_id = add_presenter(program_id).id
        db.session.commit()
    url = f"/programs/{program_id}/presenters/{presenter_id}"
    assert 'value="150.00"' in client.get(url).get_data(as_text=True)
    assert client.post(url, data=presenter_form(fee="200", version="1")).status_code == 302
    page = client.post(url, data=presenter_form(topic="Mine", version="1")).get_data(as_text=True)
    assert "Someone else saved a change" in page and 'value="Mine"' in page
    assert query(clean_app, sa.select(Presenter.fee)) == [Decimal("200.00")]
