"""Fixtures: the app on SQLite and on PostgreSQL, clean data per test, users and sign-in."""

import os
import re
from contextlib import contextmanager
from types import SimpleNamespace

import flask_migrate
import pytest
import sqlalchemy as sa

from program_planner import create_app
from program_planner.extensions import db, limiter

REQUIRE_POSTGRES = os.environ.get("PP_REQUIRE_POSTGRES") == "1"
POSTGRES_ADMIN_URL = os.environ.get(
    "PP_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "orchid-tramway-pebble-29"
ROLES = ("programmer", "frontline", "coordinator", "admin")


def postgres_problem() -> str | None:
    """Return why PostgreSQL cannot be used for tests, or None when it can."""
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=3):
            return None
    except Exception as error:  # noqa: BLE001 - any failure means "not available"
        return f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {error}"


def fresh_postgres_database(name: str) -> str:
    """Drop and create a PostgreSQL database of this test run; return its SQLAlchemy URL.

    The name carries the process id, so two test runs on one machine never share a database.
    """
    import psycopg

    name = f"{name}_{os.getpid()}"
    problem = postgres_problem()
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(problem + " (PP_REQUIRE_POSTGRES=1)")
        pytest.skip(problem)
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{name}"


def database_url(backend: str, tmp_path_factory, name: str) -> str:
    """Return a URL of an empty database of that backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp(name) / 'test.sqlite3'}"
    return fresh_postgres_database(name)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def app(request, tmp_path_factory):
    """The application on a migrated database, once per backend."""
    url = database_url(request.param, tmp_path_factory, "program_planner_test")
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with application.app_context():
        flask_migrate.upgrade()
    application.backend = request.param
    yield application
    with application.app_context():
        db.engine.dispose()
    if request.param == "postgresql":
        drop_postgres_database(application.config["SQLALCHEMY_DATABASE_URI"])


def drop_postgres_database(url: str) -> None:
    """Drop a database this run created."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def clear_database(application) -> None:
    """Delete every row of every table, so each test starts empty."""
    with application.app_context():
        tables = list(reversed(db.metadata.sorted_tables))
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(t.name for t in tables)
                conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            else:
                for table in tables:
                    conn.execute(table.delete())


@pytest.fixture
def clean_app(app):
    """The app with an empty database and fresh rate limits."""
    clear_database(app)
    with app.app_context():
        limiter.reset()
    yield app
    assert_program_results_fresh(app)


def assert_program_results_fresh(application) -> None:
    """Every program's stored result figures equal freshly computed ones, whatever the test did.

    Run after every test, so each write path the suite exercises (forms, imports, frontline,
    debriefs, planning, deletions) is checked to keep the dashboard's figures up to date.
    """
    from program_planner.programs.models import Program
    from program_planner.reports.dashboard.cells import current_cells
    from program_planner.reports.models import PortfolioCell, ProgramResult
    from program_planner.reports.results import bring_up_to_date, current_figures

    with application.app_context():
        db.session.rollback()
        while bring_up_to_date():  # what the dashboard does before it reads
            db.session.commit()
        db.session.commit()
        ids = list(db.session.scalars(sa.select(Program.id).order_by(Program.id)))
        columns = [c.key for c in ProgramResult.__table__.columns]
        stored = {
            row.program_id: {key: getattr(row, key) for key in columns}
            for row in db.session.scalars(sa.select(ProgramResult))
        }
        expected = current_figures(ids) if ids else {}
        cell_columns = [c.key for c in PortfolioCell.__table__.columns]
        stored_cells = sorted(
            (
                {key: getattr(cell, key) for key in cell_columns}
                for cell in db.session.scalars(sa.select(PortfolioCell))
            ),
            key=cell_key,
        )
        years = {row["fiscal_year"] for row in expected.values()}
        expected_cells = sorted(
            (cell for year in sorted(years) for cell in current_cells(year)), key=cell_key
        )
        db.session.rollback()
    assert stored == expected, "stored program results are stale"
    assert stored_cells == expected_cells, "stored portfolio cells are stale"


def cell_key(cell: dict) -> tuple:
    return (cell["dimension"], cell["fiscal_year"], cell["key"])


@pytest.fixture
def client(clean_app):
    """A test client of the clean app."""
    return clean_app.test_client()


@pytest.fixture
def branch(clean_app):
    """The id of a branch, Central Library (CEN)."""
    from program_planner.admin.service import save_branch

    with clean_app.app_context():
        created = save_branch(
            None, None, name="Central Library", code="CEN", address="1 Main St", active=True
        )
        db.session.commit()
        return created.id


@pytest.fixture
def make_user(clean_app, branch):
    """Create a staff account; return its id, username, password and role."""
    from program_planner.auth import service as accounts
    from program_planner.auth.models import Branch, Role

    counter = {"n": 0}

    def make(
        role="programmer",
        username=None,
        password=PASSWORD,
        active=True,
        must_change_password=False,
        full_name=None,
    ):
        counter["n"] += 1
        username = username or f"{role}{counter['n']}"
        with clean_app.app_context():
            user = accounts.create_user(
                None,
                username=username,
                full_name=full_name or f"{role.title()} Person",
                email=f"{username}@library.example",
                role=Role(role),
                branch=db.session.get(Branch, branch),
                password=password,
                must_change_password=must_change_password,
            )
            user.active = active
            db.session.commit()
            return SimpleNamespace(id=user.id, username=username, password=password, role=role)

    return make


def sign_in(client, username, password=PASSWORD, **extra):
    """Post the sign-in form; return the response."""
    return client.post("/login", data={"username": username, "password": password, **extra})


@pytest.fixture
def login_as(client, make_user):
    """Sign the client in as a new user of role; return that user."""

    def login(role="programmer", **kwargs):
        user = make_user(role, **kwargs)
        response = sign_in(client, user.username, user.password)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return login


def query(application, stmt):
    """Run a select in its own app context and return all rows (scalars for one column)."""
    with application.app_context():
        result = db.session.execute(stmt)
        rows = result.all()
        return [r[0] for r in rows] if rows and len(rows[0]) == 1 else rows


def audit_actions(application):
    """Return the actions recorded in the audit log, oldest first."""
    from program_planner.audit.models import AuditEvent

    return query(application, sa.select(AuditEvent.action).order_by(AuditEvent.id))


def csrf_token_from(html: str) -> str:
    """Return the CSRF token in a rendered form."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


@contextmanager
def counting_statements(application):
    """Collect the SQL statements sent to the database inside the block."""
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    with application.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)


def count_statements(application, client, url):
    """Return how many SQL statements one successful GET of url issues."""
    with counting_statements(application) as statements:
        assert client.get(url).status_code == 200
    return len(statements)
