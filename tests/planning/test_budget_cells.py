"""The budget roll-up from stored cells: its default branch, and figures that follow every write.

Every planning test also ends by comparing the stored roll-up with the budget lines' sums for
every year and branch (tests/planning/conftest.py), on SQLite and PostgreSQL.
"""

import sqlalchemy as sa

from program_planner.auth.models import Branch
from program_planner.extensions import db
from program_planner.planning.budget import budget_rollup, rollup_from_lines
from program_planner.planning.budget_cells import bring_budget_up_to_date
from program_planner.planning.models import BudgetCategory, BudgetCell, BudgetLine, BudgetMark
from program_planner.programs.models import Program, Status
from tests.conftest import query
from tests.factories import make_program
from tests.planning.conftest import by_id, table_rows
from tests.planning.factories import add_budget_line
from tests.planning.test_budget import line_data, rollup_programs


def test_rollup_opens_at_the_persons_branch_and_all_branches_is_one_choice_away(
    clean_app, client, login_as, branch
):
    owner = login_as("programmer")
    west = rollup_programs(clean_app, owner.id, branch)
    client.post("/logout")
    login_as("coordinator")  # works at Central Library
    html = client.get("/budget").get_data(as_text=True)
    assert table_rows(html, "by-branch") == [
        ["Central Library", "2", "CA$350.00", "CA$350.00", "CA$50.00"]
    ]
    assert by_id(html, "total-programs") == "2"
    assert '<option selected value="all">' not in html and 'value="all"' in html
    assert "Showing one branch: Central Library." in html
    assert 'href="/budget?branch=all"' in html  # the link keeps no year: none was chosen
    html = client.get("/budget?fiscal_year=2027").get_data(as_text=True)
    assert by_id(html, "total-planned") == "CA$200.00"  # Central's 2027 program only
    assert 'href="/budget?branch=all&amp;fiscal_year=2027"' in html
    html = client.get("/budget?branch=all&fiscal_year=2027").get_data(as_text=True)
    assert [row[0] for row in table_rows(html, "by-branch")] == ["Central Library", "Westside"]
    assert "Showing one branch" not in html and by_id(html, "total-programs") == "2"
    html = client.get(f"/budget?branch={west}").get_data(as_text=True)
    assert table_rows(html, "by-branch") == [["Westside", "1", "CA$30.50", "CA$30.50", "CA$0.00"]]
    html = client.get("/budget?branch=99999").get_data(as_text=True)  # no such branch
    assert "This filter was ignored" in html and by_id(html, "total-programs") == "3"


def stored_and_fresh(app, **filters):
    with app.app_context():
        if bring_budget_up_to_date():
            db.session.commit()
        return budget_rollup(**filters), rollup_from_lines(**filters)


def test_figures_follow_lines_added_changed_and_deleted_over_http(
    clean_app, client, plan, login_again
):
    assert client.post(f"/programs/{plan.id}/budget/new", data=line_data(planned="150"))
    client.post(
        f"/programs/{plan.id}/budget/new",
        data=line_data(category="refreshments", planned="40", actual="45"),
    )
    line_id = query(clean_app, sa.select(sa.func.min(BudgetLine.id)))[0]
    client.post(f"/programs/{plan.id}/budget/{line_id}", data=line_data(planned="175", version="1"))
    assert query(clean_app, sa.select(sa.func.count()).select_from(BudgetMark))[0] > 0
    login_again("coordinator")
    html = client.get("/budget").get_data(as_text=True)
    assert by_id(html, "total-planned") == "CA$215.00"
    assert by_id(html, "total-variance") == "CA$5.00"
    # the page's refresh was committed: marks consumed, cells kept for the next reader
    assert query(clean_app, sa.select(sa.func.count()).select_from(BudgetMark)) == [0]
    assert query(
        clean_app,
        sa.select(BudgetCell.planned).where(BudgetCell.dimension == "total"),
    ) == [175 + 40]
    login_again("programmer")
    with clean_app.app_context():
        db.session.delete(db.session.get(BudgetLine, line_id))
        db.session.commit()
    stored, fresh = stored_and_fresh(clean_app)
    assert stored == fresh and stored.total.planned == 40


def test_figures_follow_a_program_moved_cancelled_or_deleted(clean_app, owner, branch):
    with clean_app.app_context():
        west = Branch(name="Westside", code="WES", address="2 West St")
        db.session.add(west)
        program = make_program(owner.id, branch)
        add_budget_line(program.id, "100", "80", category=BudgetCategory.MATERIALS)
        other = make_program(owner.id, branch, title="Other")
        add_budget_line(other.id, "10")
        db.session.commit()
        program_id, other_id, west_id = program.id, other.id, west.id
    assert stored_and_fresh(clean_app)[0].total.planned == 110

    def change(**values):
        with clean_app.app_context():
            moved = db.session.get(Program, program_id)
            for key, value in values.items():
                setattr(moved, key, value)
            db.session.commit()

    change(branch_id=west_id)  # the old branch loses it, the new one gains it
    stored, fresh = stored_and_fresh(clean_app, branch_id=branch)
    assert stored == fresh and stored.total.planned == 10
    stored, fresh = stored_and_fresh(clean_app, branch_id=west_id)
    assert stored == fresh and stored.total.planned == 100
    with clean_app.app_context():  # moved back by its relationship: the id is set at flush
        db.session.get(Program, program_id).branch = db.session.get(Branch, branch)
        db.session.commit()
    stored, fresh = stored_and_fresh(clean_app, branch_id=branch)
    assert stored == fresh and stored.total.planned == 110
    change(branch_id=west_id)
    change(fiscal_year=2030)
    stored, fresh = stored_and_fresh(clean_app, fiscal_year=2030)
    assert stored == fresh and stored.total.planned == 100
    change(status=Status.CANCELLED)  # cancelled programs are left out
    stored, fresh = stored_and_fresh(clean_app)
    assert stored == fresh and stored.total.planned == 10
    change(status=Status.DRAFT)
    assert stored_and_fresh(clean_app)[0].total.planned == 110
    with clean_app.app_context():
        db.session.delete(db.session.get(Program, other_id))
        db.session.commit()
    stored, fresh = stored_and_fresh(clean_app)
    assert stored == fresh and stored.total.planned == 100 and stored.total.programs == 1


def test_refresh_command_rebuilds_the_cells_after_a_write_around_the_orm(clean_app, owner, branch):
    with clean_app.app_context():
        program = make_program(owner.id, branch)
        add_budget_line(program.id, "60")
        db.session.commit()
        assert bring_budget_up_to_date() is True
        db.session.commit()
        db.session.execute(sa.update(BudgetLine).values(planned=75))  # a bulk load, say
        db.session.commit()
        assert bring_budget_up_to_date() is False  # nothing marked: the cells are stale
        assert budget_rollup().total.planned == 60
        db.session.rollback()
    result = clean_app.test_cli_runner().invoke(args=["planning", "refresh-budget"])
    assert result.exit_code == 0 and "Refreshed" in result.output
    stored, fresh = stored_and_fresh(clean_app)
    assert stored == fresh and stored.total.planned == 75
