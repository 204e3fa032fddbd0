"""A presenter's fee is typed once: it is the budget's presenter-fee line, kept in step."""

from decimal import Decimal

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.people.models import Presenter
from program_planner.planning.models import BudgetCategory, BudgetLine, FundingSource
from tests.conftest import query
from tests.editing import delete_row, seen_version
from tests.people.test_people import new_program, presenter_form


def fee_lines(app, program_id):
    return query(
        app,
        sa.select(BudgetLine.description, BudgetLine.planned, BudgetLine.actual)
        .where(BudgetLine.program_id == program_id)
        .order_by(BudgetLine.id),
    )


def presenter_id(app):
    return query(app, sa.select(Presenter.id))[0]


def test_fee_flows_into_the_budget_and_follows_every_change(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    new = f"/programs/{program_id}/presenters/new"
    assert client.post(new, data=presenter_form(fee="250")).status_code == 302
    assert fee_lines(clean_app, program_id) == [("Dana Fisher", Decimal("250.00"), None)]
    line = query(clean_app, sa.select(BudgetLine))[0]
    assert (line.category, line.funding_source) == (
        BudgetCategory.PRESENTER_FEE,
        FundingSource.OPERATING,
    )
    page = client.get(f"/programs/{program_id}").get_data(as_text=True)
    assert 'Dana Fisher <span class="small text-muted">· from the presenter\'s fee' in page
    assert "CA$250.00" in page.split('id="budget-total-planned"', 1)[1].split("</td>", 1)[0]
    url = f"/programs/{program_id}/presenters/{presenter_id(clean_app)}"
    edit = presenter_form(name="Dana Fisher-Lee", fee="300", version="1")
    assert client.post(url, data=edit).status_code == 302
    assert fee_lines(clean_app, program_id) == [("Dana Fisher-Lee", Decimal("300.00"), None)]
    assert client.post(url, data=presenter_form(fee="", version="2")).status_code == 302
    assert fee_lines(clean_app, program_id) == []  # a volunteer: no line
    assert client.post(url, data=presenter_form(fee="75", version="3")).status_code == 302
    assert fee_lines(clean_app, program_id) == [("Dana Fisher", Decimal("75.00"), None)]
    assert delete_row(client, url).status_code == 302
    assert fee_lines(clean_app, program_id) == []


def test_a_recorded_actual_is_kept_when_the_presenter_goes(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    client.post(f"/programs/{program_id}/presenters/new", data=presenter_form(fee="120"))
    with clean_app.app_context():
        db.session.execute(sa.update(BudgetLine).values(actual=Decimal("110")))
        db.session.commit()
    assert delete_row(client, f"/programs/{program_id}/presenters/{presenter_id(clean_app)}")
    assert fee_lines(clean_app, program_id) == [("Dana Fisher", Decimal("0.00"), Decimal("110.00"))]
    assert query(clean_app, sa.select(BudgetLine.presenter_id)) == [None]


def test_the_linked_amount_is_changed_on_the_presenter_only(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    client.post(f"/programs/{program_id}/presenters/new", data=presenter_form(fee="250"))
    line_id = query(clean_app, sa.select(BudgetLine.id))[0]
    url = f"/programs/{program_id}/budget/{line_id}"
    typed = {
        "category": "presenter_fee",
        "funding_source": "grant",
        "description": "Dana, two evenings",
        "planned": "999",
        "actual": "",
        "version": "1",
    }
    page = client.post(url, data=typed).get_data(as_text=True)
    assert "This amount is the presenter&#39;s fee. Change it on the presenter." in page
    assert 'value="999"' in page and "Dana, two evenings" in page  # nothing typed lost
    assert fee_lines(clean_app, program_id) == [("Dana Fisher", Decimal("250.00"), None)]
    assert client.post(url, data={**typed, "planned": "250"}).status_code == 302
    assert fee_lines(clean_app, program_id) == [("Dana, two evenings", Decimal("250.00"), None)]
    version = seen_version(client, url, action=f"{url}/delete")
    page = client.post(f"{url}/delete", data={"version": version}, follow_redirects=True)
    page = page.get_data(as_text=True)
    assert "This line is a presenter&#39;s fee." in page
    assert len(fee_lines(clean_app, program_id)) == 1


def test_a_fee_line_typed_by_hand_before_is_taken_over_not_doubled(
    clean_app, client, login_as, branch
):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    with clean_app.app_context():
        presenter = Presenter(program_id=program_id, name="Ravi", fee=Decimal("400"))
        db.session.add(presenter)
        db.session.add(
            BudgetLine(
                program_id=program_id,
                category=BudgetCategory.PRESENTER_FEE,
                funding_source=FundingSource.GRANT,
                description="Ravi's talk",
                planned=Decimal("400"),
            )
        )
        db.session.commit()
        url = f"/programs/{program_id}/presenters/{presenter.id}"
    assert client.post(url, data=presenter_form(name="Ravi", fee="450", version="1")).status_code
    assert fee_lines(clean_app, program_id) == [("Ravi", Decimal("450.00"), None)]
    assert query(clean_app, sa.select(BudgetLine.funding_source)) == [FundingSource.GRANT]


def test_bad_fee_or_a_stale_edit_changes_nothing(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    client.post(f"/programs/{program_id}/presenters/new", data=presenter_form(fee="250"))
    url = f"/programs/{program_id}/presenters/{presenter_id(clean_app)}"
    page = client.post(url, data=presenter_form(fee="lots", version="1")).get_data(as_text=True)
    assert "Enter an amount in dollars" in page and 'value="lots"' in page
    assert client.post(url, data=presenter_form(fee="300", version="1")).status_code == 302
    page = client.post(url, data=presenter_form(fee="500", version="1")).get_data(as_text=True)
    assert "Someone else saved a change" in page and 'value="500"' in page
    assert fee_lines(clean_app, program_id) == [("Dana Fisher", Decimal("300.00"), None)]


def test_a_copy_links_its_fee_line_to_its_own_presenter(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_id = new_program(clean_app, owner.id, branch)
    client.post(f"/programs/{program_id}/presenters/new", data=presenter_form(fee="250"))
    assert client.post(f"/programs/{program_id}/copy").status_code == 302
    links = query(
        clean_app,
        sa.select(BudgetLine.program_id, Presenter.program_id).join(
            Presenter, Presenter.id == BudgetLine.presenter_id
        ),
    )
    assert sorted(links) == [(program_id, program_id), (program_id + 1, program_id + 1)]
