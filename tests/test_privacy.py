"""Privacy at the edges: response times to the hour, audit addresses dropped, staff erasure."""

import re
from datetime import UTC, datetime

import flask_migrate
import pytest
import sqlalchemy as sa

from program_planner import create_app
from program_planner.evaluation.models import Answer, Response, ResponseChannel
from program_planner.extensions import db
from tests.conftest import database_url, drop_postgres_database, query
from tests.evaluation.factories_public import make_public_form, valid_answers

# --- Responses: stored no finer than the hour ---------------------------------------------------


def time_columns(model):
    """Return the model's columns that hold a date and time."""
    return [
        c
        for c in model.__table__.columns
        if isinstance(getattr(c.type, "impl_instance", c.type), sa.DateTime)
    ]


def stored_times(app, model):
    """Return every stored value of every time column of model, read back from the database."""
    columns = time_columns(model)
    rows = query(app, sa.select(*columns)) if columns else []
    return [value for row in rows for value in (row if len(columns) > 1 else [row])]


def assert_to_the_hour(values):
    assert values, "no stored time to check"
    for value in values:
        assert (value.minute, value.second, value.microsecond) == (0, 0, 0), value


def hour_now():
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


def test_responses_and_answers_have_no_time_column_but_the_submission_hour():
    assert [c.name for c in time_columns(Response)] == ["submitted_on"]
    assert time_columns(Answer) == []


def test_a_public_response_is_stored_to_the_hour(clean_app, client, make_user, branch):
    owner = make_user("programmer")
    form = make_public_form(clean_app, owner.id, branch)
    before = hour_now()
    response = client.post(f"/f/{form.token}", data=valid_answers(form))
    assert response.status_code == 302
    assert query(clean_app, sa.select(sa.func.count(Answer.id)))[0] == 8
    times = stored_times(clean_app, Response)
    assert len(times) == 1
    assert_to_the_hour(times)
    assert before <= times[0] <= hour_now()


def test_a_paper_form_keyed_in_is_stored_to_the_hour(
    clean_app, client, make_user, login_as, branch
):
    from tests.evaluation.factories_frontline import make_frontline_program

    owner = make_user("programmer")
    with clean_app.app_context():
        ids = make_frontline_program(owner.id, branch)
    login_as("frontline")
    url = f"/occurrences/{ids['occurrences'][0]}/paper-entry"
    page = client.get(url).get_data(as_text=True)
    key = re.search(r'name="submission_key" type="hidden" value="([^"]*)"', page).group(1)
    data = {"submission_key": key, "form_language": "en"}
    data.update({f"q{qid}": "" for qid in ids["questions"].values()})
    first = next(iter(ids["questions"].values()))
    data[f"q{first}"] = "4"
    assert client.post(url, data=data).status_code == 302
    channels = query(clean_app, sa.select(Response.channel))
    assert channels == [ResponseChannel.PAPER]
    assert_to_the_hour(stored_times(clean_app, Response))


def test_a_time_given_explicitly_is_cut_to_the_hour(clean_app, make_user, branch):
    """Imports and demo data give a time; it is kept to the hour like any other."""
    owner = make_user("programmer")
    form = make_public_form(clean_app, owner.id, branch)
    with clean_app.app_context():
        given = Response(
            program_id=form.program_id,
            channel=ResponseChannel.IMPORT,
            submission_key="i" * 32,
            submitted_on=datetime(2027, 3, 4, 15, 47, 12, 345678, tzinfo=UTC),
        )
        db.session.add(given)
        db.session.flush()
        given.submitted_on = datetime(2027, 3, 5, 9, 59, 59, 999999, tzinfo=UTC)
        db.session.commit()
    assert stored_times(clean_app, Response) == [datetime(2027, 3, 5, 9, 0, tzinfo=UTC)]


@pytest.fixture(params=["sqlite", "postgresql"])
def migrations_app(request, tmp_path_factory):
    url = database_url(request.param, tmp_path_factory, "program_planner_privacy_migration")
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    yield application
    with application.app_context():
        db.engine.dispose()
    if request.param == "postgresql":
        drop_postgres_database(url)


def reflected(conn, name):
    """Return a table as the database has it (the models may be ahead of this revision)."""
    return sa.Table(name, sa.MetaData(), autoload_with=conn)


def test_the_migration_cuts_stored_responses_to_the_hour(migrations_app):
    with migrations_app.app_context():
        flask_migrate.upgrade(revision="a3c5e7f9b2d4")
        then = datetime(2027, 1, 1)
        exact = datetime(2027, 3, 4, 15, 47, 12, 345678)
        on_the_hour = datetime(2027, 3, 4, 16, 0)
        with db.engine.begin() as conn:  # rows as an older version stored them
            branches, programs = reflected(conn, "branches"), reflected(conn, "programs")
            responses = reflected(conn, "responses")
            branch_id = conn.execute(
                branches.insert().values(
                    name="Central",
                    code="CEN",
                    address="",
                    active=True,
                    created_at=then,
                    updated_at=then,
                )
            ).inserted_primary_key[0]
            program_id = conn.execute(
                programs.insert().values(
                    title="P",
                    description="",
                    branch_id=branch_id,
                    program_type="digital_literacy",
                    delivery_mode="in_branch",
                    languages=[],
                    community_need="",
                    need_evidence="",
                    fiscal_year=2027,
                    status="draft",
                    lessons_learned="",
                    created_at=then,
                    updated_at=then,
                    version=1,
                )
            ).inserted_primary_key[0]
            for n, when in enumerate([exact, on_the_hour]):
                conn.execute(
                    responses.insert().values(
                        program_id=program_id,
                        kind="immediate",
                        channel="online",
                        language="en",
                        submitted_on=when,
                        submission_key=f"old-{n}" + "x" * 20,
                    )
                )
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            responses = reflected(conn, "responses")
            times = conn.scalars(sa.select(responses.c.submitted_on).order_by(responses.c.id)).all()
    assert times == [datetime(2027, 3, 4, 15, 0), on_the_hour]
