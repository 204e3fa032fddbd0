"""Fixtures of the planning tests: a signed-in programmer and a program of theirs."""

import html as html_lib
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.programs.models import Program, Status
from tests.factories import make_program


@pytest.fixture(autouse=True)
def _budget_cells_checked(request):
    """After every test: the roll-up from stored cells equals the one from the budget lines."""
    app = request.getfixturevalue("clean_app") if "clean_app" in request.fixturenames else None
    yield
    if app is not None:
        assert_budget_cells_fresh(app)


def assert_budget_cells_fresh(app) -> None:
    """The stored roll-up equals the budget lines' sums, overall and for every year and branch."""
    from program_planner.auth.models import Branch
    from program_planner.planning.budget import budget_rollup, rollup_from_lines
    from program_planner.planning.budget_cells import bring_budget_up_to_date

    with app.app_context():
        db.session.rollback()
        if bring_budget_up_to_date():  # what the roll-up page does before it reads
            db.session.commit()
        years = [None, *db.session.scalars(sa.select(Program.fiscal_year).distinct())]
        branches = [None, *db.session.scalars(sa.select(Branch.id))]
        for year in years:
            for branch_id in branches:
                stored = budget_rollup(fiscal_year=year, branch_id=branch_id)
                fresh = rollup_from_lines(fiscal_year=year, branch_id=branch_id)
                assert stored == fresh, f"stale budget cells (year {year}, branch {branch_id})"
        db.session.rollback()


@pytest.fixture
def owner(login_as):
    """A programmer, signed in."""
    return login_as("programmer")


@pytest.fixture
def plan(clean_app, owner, branch):
    """A draft program of the signed-in programmer: ids and a way to add rows to it."""

    def add(factory, *args, **kwargs):
        with clean_app.app_context():
            row = factory(program.id, *args, **kwargs)
            db.session.commit()
            return row.id

    with clean_app.app_context():
        created = make_program(owner.id, branch)
        db.session.commit()
        program = SimpleNamespace(id=created.id, owner=owner, branch=branch, add=add)
    return program


def set_status(app, program_id, status: Status) -> None:
    """Put a program in a lifecycle state directly (the lifecycle has its own tests).

    The update goes around the ORM, so it refreshes the stored results itself, as
    `flask reports refresh-results` does after such writes, and marks the budget cells.
    """
    from program_planner.planning.budget_cells import mark_programs
    from program_planner.reports.results import refresh

    with app.app_context():
        db.session.execute(sa.update(Program).where(Program.id == program_id).values(status=status))
        refresh([program_id])
        mark_programs([program_id])
        db.session.commit()


def in_app(app, factory, *args, **kwargs):
    """Run a factory in an app context, commit, and return the new row's id."""
    with app.app_context():
        row = factory(*args, **kwargs)
        db.session.commit()
        return row.id


def field_error(html: str, field_id: str) -> str:
    """Return the message shown at a form field (empty when none)."""
    match = re.search(rf'id="{field_id}-error">([^<]*)<', html)
    return match.group(1).strip() if match else ""


def text_of(html: str) -> str:
    """Return the page without tags and with whitespace collapsed, for reading figures."""
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def login_again(client, login_as):
    """Sign out whoever is signed in, then sign in as a new user of role."""

    def switch(role="programmer"):
        client.post("/logout")
        return login_as(role)

    return switch


def by_id(html: str, element_id: str) -> str:
    """Return the text of the element with this id (no nested elements of the same tag)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element #{element_id}"
    return text_of(match.group(2)).strip()


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """Return the cells' text of each body row of a table."""
    match = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert match, f"no table #{table_id}"
    return [
        [text_of(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(1), re.S)
    ]
