"""No N+1 queries: pages issue as many SQL statements for 10 rows per section as for 1."""

from program_planner.extensions import db
from program_planner.programs.models import Status
from tests.conftest import counting_statements
from tests.factories import add_objective, make_program
from tests.planning.factories import (
    add_budget_line,
    add_it_request,
    add_program_target_group,
    add_promotion_item,
    add_target_group,
    add_tie_in,
)


def program_with_rows(app, owner_id, branch_id, n, tag) -> int:
    """A program with n rows in every planning section."""
    with app.app_context():
        program = make_program(owner_id, branch_id, title=f"Program {tag}")
        for i in range(n):
            group = add_target_group(f"Group {tag}-{i}", population_estimate=1000 + i)
            add_program_target_group(program.id, group.id)
            add_objective(program.id, statement=f"Objective {i}")
            add_budget_line(program.id, "100", "90" if i % 2 else None)
            add_it_request(program.id)
            add_promotion_item(program.id)
            add_tie_in(program.id, title=f"Title {i}")
        db.session.commit()
        return program.id


def statements_for(app, client, url) -> int:
    with counting_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    assert statements, "the listener saw no statement"
    return len(statements)


def test_program_page_statements_do_not_grow_with_rows(clean_app, client, owner, branch):
    one = program_with_rows(clean_app, owner.id, branch, 1, "one")
    ten = program_with_rows(clean_app, owner.id, branch, 10, "ten")
    page = client.get(f"/programs/{ten}").get_data(as_text=True)
    assert "Group ten-9" in page and "Objective 9" in page and "Title 9" in page
    assert statements_for(clean_app, client, f"/programs/{one}") == statements_for(
        clean_app, client, f"/programs/{ten}"
    )


def test_it_queue_statements_do_not_grow_with_rows(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    with clean_app.app_context():
        first = make_program(owner.id, branch, title="Only one", status=Status.APPROVED)
        add_it_request(first.id)
        db.session.commit()
    client.post("/logout")
    login_as("coordinator")
    one = statements_for(clean_app, client, "/it-requests")
    with clean_app.app_context():
        for i in range(9):
            program = make_program(owner.id, branch, title=f"Program {i}", status=Status.APPROVED)
            add_it_request(program.id)
        db.session.commit()
    page = client.get("/it-requests").get_data(as_text=True)
    assert page.count("/advance") == 10
    assert statements_for(clean_app, client, "/it-requests") == one


def test_budget_rollup_statements_do_not_grow_with_rows(clean_app, client, login_as, branch):
    owner = login_as("programmer")
    program_with_rows(clean_app, owner.id, branch, 1, "one")
    client.post("/logout")
    login_as("coordinator")
    one = statements_for(clean_app, client, "/budget")
    program_with_rows(clean_app, owner.id, branch, 10, "ten")
    assert statements_for(clean_app, client, "/budget") == one
