"""A program's budget: lines, totals and variance, actual amounts after submission, roll-up."""

from decimal import Decimal

import sqlalchemy as sa

from program_planner.auth.models import Branch
from program_planner.extensions import db
from program_planner.planning.models import BudgetCategory, BudgetLine, FundingSource
from program_planner.programs.models import Status
from tests.conftest import query
from tests.editing import delete_row
from tests.factories import make_program
from tests.planning.conftest import by_id, field_error, set_status, table_rows
from tests.planning.factories import add_budget_line

C = BudgetCategory
F = FundingSource


def lines(app, program_id):
    return query(
        app,
        sa.select(
            BudgetLine.category, BudgetLine.description, BudgetLine.planned, BudgetLine.actual
        )
        .where(BudgetLine.program_id == program_id)
        .order_by(BudgetLine.id),
    )


def line_data(**fields):
    return {
        "category": "materials",
        "funding_source": "grant",
        "description": "Handouts",
        "planned": "150",
        "actual": "",
        **fields,
    }


def test_owner_adds_lines_with_dollar_signs_and_commas(clean_app, client, plan):
    response = client.post(
        f"/programs/{plan.id}/budget/new", data=line_data(planned="$1,200.50", actual="$99")
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#budget")
    assert lines(clean_app, plan.id) == [
        (C.MATERIALS, "Handouts", Decimal("1200.50"), Decimal("99.00"))
    ]


def test_totals_and_variance_on_the_program_page(clean_app, client, plan):
    plan.add(add_budget_line, "400", "350.25", category=C.PRESENTER_FEE)
    plan.add(add_budget_line, "100", "120", category=C.REFRESHMENTS)
    plan.add(add_budget_line, "75.50", None, category=C.MATERIALS)  # not spent yet
    html = client.get(f"/programs/{plan.id}").get_data(as_text=True)
    assert by_id(html, "budget-total-planned") == "CA$575.50"
    assert by_id(html, "budget-total-actual") == "CA$470.25"
    assert by_id(html, "budget-total-variance") == "-CA$29.75"  # (350.25 + 120) − (400 + 100)
    cells = {row[0]: row[3:6] for row in table_rows(html, "budget-table")}
    assert cells["Presenter fee"] == ["CA$400.00", "CA$350.25", "-CA$49.75"]
    assert cells["Refreshments"] == ["CA$100.00", "CA$120.00", "CA$20.00"]
    assert cells["Materials"] == ["CA$75.50", "—", ""]


def test_no_actuals_yet_shows_no_variance(clean_app, client, plan):
    plan.add(add_budget_line, "80")
    html = client.get(f"/programs/{plan.id}").get_data(as_text=True)
    assert by_id(html, "budget-total-planned") == "CA$80.00"
    assert by_id(html, "budget-total-actual") == "—"
    assert by_id(html, "budget-total-variance") == "—"


def test_bad_amounts_are_explained_and_kept(clean_app, client, plan):
    html = client.post(
        f"/programs/{plan.id}/budget/new",
        data=line_data(planned="twelve", actual="-5", description="D" * 301),
    ).get_data(as_text=True)
    assert field_error(html, "planned") == "Enter an amount in dollars, e.g. 150 or 149.99."
    assert field_error(html, "actual") == "Enter an amount between 0 and 10,000,000."
    assert "300" in field_error(html, "description")
    assert 'value="twelve"' in html and 'value="-5"' in html
    html = client.post(f"/programs/{plan.id}/budget/new", data=line_data(planned="")).get_data(
        as_text=True
    )
    assert "Enter the planned amount" in field_error(html, "planned")
    assert lines(clean_app, plan.id) == []


def test_edit_conflict_and_delete(clean_app, client, plan):
    line = plan.add(add_budget_line, "100")
    url = f"/programs/{plan.id}/budget/{line}"
    assert client.post(url, data=line_data(planned="110", version="1")).status_code == 302
    html = client.post(url, data=line_data(planned="999", version="1")).get_data(as_text=True)
    assert "Someone else saved a change" in html and 'value="999"' in html
    assert lines(clean_app, plan.id)[0][2] == Decimal("110.00")
    assert delete_row(client, url).status_code == 302
    assert lines(clean_app, plan.id) == []


def test_planned_amounts_lock_on_submission_but_actuals_are_recorded(clean_app, client, plan):
    line = plan.add(add_budget_line, "100")
    set_status(clean_app, plan.id, Status.APPROVED)
    assert client.post(f"/programs/{plan.id}/budget/new", data=line_data()).status_code == 403
    url = f"/programs/{plan.id}/budget/{line}"
    assert client.post(url, data=line_data(planned="1", version="1")).status_code == 403
    assert client.post(f"{url}/delete").status_code == 403
    html = client.get(f"/programs/{plan.id}").get_data(as_text=True)
    assert f"/programs/{plan.id}/budget_actuals/{line}" in html and "Record actual" in html
    form = client.get(f"/programs/{plan.id}/budget_actuals/{line}").get_data(as_text=True)
    assert 'name="planned"' not in form and "planned CA$100.00" in form
    html = client.post(
        f"/programs/{plan.id}/budget_actuals/{line}", data={"actual": "abc", "version": "1"}
    ).get_data(as_text=True)
    assert field_error(html, "actual") and 'value="abc"' in html
    response = client.post(
        f"/programs/{plan.id}/budget_actuals/{line}",
        data={"actual": "$87.40", "planned": "1", "version": "1"},  # planned is not taken
    )
    assert response.status_code == 302
    assert lines(clean_app, plan.id) == [
        (C.PRESENTER_FEE, "Presenter", Decimal("100.00"), Decimal("87.40"))
    ]
    assert client.post(f"/programs/{plan.id}/budget_actuals/{line}/delete").status_code == 404
    assert client.post(f"/programs/{plan.id}/budget/{line}/delete").status_code == 403
    assert len(lines(clean_app, plan.id)) == 1
    set_status(clean_app, plan.id, Status.EVALUATED)  # after delivery, the budget is closed
    response = client.post(
        f"/programs/{plan.id}/budget_actuals/{line}", data={"actual": "1", "version": "2"}
    )
    assert response.status_code == 403
    assert client.post(f"/programs/{plan.id}/budget_actuals/new").status_code == 404


def test_other_programmers_neither_see_nor_change_the_budget(clean_app, client, plan, login_again):
    line = plan.add(add_budget_line, "100", description="Secret fee")
    login_again("programmer")
    assert "Secret fee" not in client.get(f"/programs/{plan.id}").get_data(as_text=True)
    url = f"/programs/{plan.id}/budget/{line}"
    assert client.post(url, data=line_data(version="1")).status_code == 403
    assert client.post(f"/programs/{plan.id}/budget_actuals/{line}").status_code == 403
    login_again("frontline")
    html = client.get(f"/programs/{plan.id}").get_data(as_text=True)
    assert 'id="budget"' not in html and "Secret fee" not in html
    login_again("coordinator")
    html = client.get(f"/programs/{plan.id}").get_data(as_text=True)
    assert "Secret fee" in html and f"/budget/{line}" not in html  # sees, does not edit


# --- roll-up ---------------------------------------------------------------------------------


def year_program(owner_id, branch_id, title, year, status=Status.DRAFT):
    program = make_program(owner_id, branch_id, title=title, status=status)
    program.fiscal_year = year
    return program


def rollup_programs(app, owner_id, branch_id):
    """Four programs in two branches and two years, one of them cancelled."""
    with app.app_context():
        west = Branch(name="Westside", code="WES", address="2 West St")
        db.session.add(west)
        db.session.flush()
        a = year_program(owner_id, branch_id, "A", 2026)
        add_budget_line(a.id, "100", "90", category=C.PRESENTER_FEE, funding_source=F.OPERATING)
        add_budget_line(a.id, "50", None, category=C.MATERIALS, funding_source=F.GRANT)
        b = year_program(owner_id, branch_id, "B", 2027)
        add_budget_line(b.id, "200", "260", category=C.PRESENTER_FEE, funding_source=F.GRANT)
        c = year_program(owner_id, west.id, "C", 2027)
        add_budget_line(c.id, "30.50", "30.50", category=C.REFRESHMENTS, funding_source=F.FRIENDS)
        for status in (Status.CANCELLED, Status.DECLINED):
            gone = year_program(owner_id, west.id, "Gone", 2027, status=status)
            add_budget_line(gone.id, "5000", "5000", category=C.PRESENTER_FEE)
        db.session.commit()
        return west.id


def test_rollup_groups_by_branch_year_category_and_source(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    west = rollup_programs(clean_app, owner.id, branch)
    client.post("/logout")
    login_as("coordinator")
    html = client.get("/budget?branch=all").get_data(as_text=True)
    assert by_id(html, "total-programs") == "3"
    assert by_id(html, "total-planned") == "CA$380.50"
    assert by_id(html, "total-actual") == "CA$380.50"
    assert by_id(html, "total-variance") == "CA$50.00"  # −10 + 60 + 0
    assert table_rows(html, "by-branch") == [
        ["Central Library", "2", "CA$350.00", "CA$350.00", "CA$50.00"],
        ["Westside", "1", "CA$30.50", "CA$30.50", "CA$0.00"],
    ]
    assert table_rows(html, "by-year") == [
        ["2026", "1", "CA$150.00", "CA$90.00", "-CA$10.00"],
        ["2027", "2", "CA$230.50", "CA$290.50", "CA$60.00"],
    ]
    assert sorted(table_rows(html, "by-category")) == [
        ["Materials", "1", "CA$50.00", "—", "—"],
        ["Presenter fee", "2", "CA$300.00", "CA$350.00", "CA$50.00"],
        ["Refreshments", "1", "CA$30.50", "CA$30.50", "CA$0.00"],
    ]
    assert sorted(table_rows(html, "by-source")) == [
        ["Friends of the Library", "1", "CA$30.50", "CA$30.50", "CA$0.00"],
        ["Grant", "2", "CA$250.00", "CA$260.00", "CA$60.00"],
        ["Operating budget", "1", "CA$100.00", "CA$90.00", "-CA$10.00"],
    ]
    html = client.get(f"/budget?fiscal_year=2027&branch={branch}").get_data(as_text=True)
    assert table_rows(html, "by-branch") == [
        ["Central Library", "1", "CA$200.00", "CA$260.00", "CA$60.00"]
    ]
    html = client.get(f"/budget?branch={west}").get_data(as_text=True)
    assert by_id(html, "total-planned") == "CA$30.50"
    html = client.get("/budget?fiscal_year=1999&branch=all").get_data(as_text=True)
    assert "This filter was ignored" in html and by_id(html, "total-programs") == "3"


def test_rollup_is_for_reviewers(clean_app, client, owner):
    assert client.get("/budget").status_code == 403
