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


# --- Audit log: client addresses forgotten after the retention period ----------------------------


def audit_rows(app):
    from program_planner.audit.models import AuditEvent

    return query(app, sa.select(AuditEvent.action, AuditEvent.ip_address).order_by(AuditEvent.id))


def add_events(app, now, ages_in_days):
    """Add one audit event with an address per age (days before now); return their actions."""
    from datetime import timedelta

    from program_planner.audit.models import AuditEvent

    with app.app_context():
        for age in ages_in_days:
            db.session.add(
                AuditEvent(
                    action=f"aged_{age}",
                    occurred_at=now - timedelta(days=age),
                    ip_address="203.0.113.7",
                )
            )
        db.session.add(AuditEvent(action="no_address", occurred_at=now - timedelta(days=400)))
        db.session.commit()


NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)


def test_addresses_older_than_the_retention_are_forgotten_and_events_kept(clean_app):
    from program_planner.audit.service import purge_audit_addresses

    assert clean_app.config["AUDIT_IP_RETENTION_DAYS"] == 90
    add_events(clean_app, NOW, [400, 91, 90.01, 89.99, 1, 0])
    with clean_app.app_context():
        assert purge_audit_addresses(NOW) == 3
        db.session.commit()
    assert audit_rows(clean_app) == [
        ("aged_400", None),
        ("aged_91", None),
        ("aged_90.01", None),
        ("aged_89.99", "203.0.113.7"),
        ("aged_1", "203.0.113.7"),
        ("aged_0", "203.0.113.7"),
        ("no_address", None),
    ]
    with clean_app.app_context():  # idempotent: a second run (or another server's) does nothing
        assert purge_audit_addresses(NOW) == 0
        db.session.commit()
    assert len(audit_rows(clean_app)) == 7


def test_the_retention_is_configurable(clean_app):
    from program_planner.audit.service import purge_audit_addresses

    add_events(clean_app, NOW, [10, 5])
    clean_app.config["AUDIT_IP_RETENTION_DAYS"] = 7
    try:
        with clean_app.app_context():
            assert purge_audit_addresses(NOW) == 1
            assert purge_audit_addresses(NOW, retention_days=0) == 1
            db.session.commit()
    finally:
        clean_app.config["AUDIT_IP_RETENTION_DAYS"] = 90
    assert [ip for _action, ip in audit_rows(clean_app)] == [None, None, None]


def test_the_retention_is_read_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = "import config; print(config.Config.AUDIT_IP_RETENTION_DAYS)"
    env = {**os.environ, "AUDIT_IP_RETENTION_DAYS": "30"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "30"


def test_purge_addresses_command(clean_app, client, make_user):
    """A sign-in records the address; the command forgets it once it is past the retention."""
    user = make_user("programmer")
    client.post(
        "/login",
        data={"username": user.username, "password": user.password},
        environ_base={"REMOTE_ADDR": "198.51.100.23"},
    )
    assert ("login", "198.51.100.23") in audit_rows(clean_app)
    add_events(clean_app, datetime.now(UTC), [120])
    runner = clean_app.test_cli_runner()
    result = runner.invoke(args=["audit", "purge-addresses"])
    assert result.exit_code == 0, result.output
    assert "Forgot the address of 1 audit event(s) older than 90 days." in result.output
    assert ("login", "198.51.100.23") in audit_rows(clean_app)
    result = runner.invoke(args=["audit", "purge-addresses", "--days", "0"])
    assert "Forgot the address of 1 audit event(s) older than 0 days." in result.output
    assert all(ip is None for _action, ip in audit_rows(clean_app))
    result = runner.invoke(args=["audit", "purge-addresses", "--days", "-1"])
    assert result.exit_code != 0


# --- Staff erasure: details removed, history kept as "former staff" ------------------------------

NAME, USERNAME, EMAIL, ADDRESS = (
    "Jeanne Tremblay",
    "jtremblay",
    "jeanne.t@example.org",
    "192.0.2.77",
)


@pytest.fixture
def jeanne(clean_app, make_user, branch):
    """A programmer who signed in, owns a program with history and wrote a staff debrief."""
    from program_planner.auth.models import User
    from program_planner.evaluation.models import Debrief, DebriefKind
    from program_planner.programs.models import Status
    from tests.factories import make_program

    user = make_user("programmer", username=USERNAME, full_name=NAME)
    own = clean_app.test_client()
    response = own.post(
        "/login",
        data={"username": USERNAME, "password": user.password},
        environ_base={"REMOTE_ADDR": ADDRESS},
    )
    assert response.status_code == 302
    with clean_app.app_context():
        db.session.get(User, user.id).email = EMAIL
        program = make_program(user.id, branch, status=Status.DELIVERED, title="Email for all")
        db.session.add(
            Debrief(
                program_id=program.id,
                kind=DebriefKind.STAFF,
                author_id=user.id,
                author_name=NAME,
                what_worked="Small groups.",
            )
        )
        db.session.commit()
        user.program_id = program.id
    user.client = own
    return user


def erase(client, user_id, **data):
    return client.post(f"/admin/users/{user_id}/erase", data=data)


def personal_values_left(app, needles):
    """Return (table, column, value) of every stored text or JSON value holding a needle."""
    found = []
    with app.app_context(), db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(sa.select(table)).mappings():
                for column, value in row.items():
                    if isinstance(value, str | dict | list) and any(
                        needle.lower() in str(value).lower() for needle in needles
                    ):
                        found.append((table.name, column, value))
    return found


def test_admin_erases_a_staff_member_from_their_page(clean_app, client, login_as, jeanne):
    from program_planner.audit.models import AuditEvent
    from program_planner.auth.models import User

    admin = login_as("admin")
    page = client.get(f"/admin/users/{jeanne.id}").get_data(as_text=True)
    assert f'href="/admin/users/{jeanne.id}/erase"' in page
    page = client.get(f"/admin/users/{jeanne.id}/erase").get_data(as_text=True)
    assert "Erase the personal details of Jeanne Tremblay" in page and "jtremblay" in page
    assert personal_values_left(clean_app, [NAME, USERNAME, EMAIL, ADDRESS])

    refused = erase(client, jeanne.id)  # the box not ticked
    assert refused.status_code == 422
    assert "Tick the box to confirm the erasure." in refused.get_data(as_text=True)
    assert query(clean_app, sa.select(User.erased_at).where(User.id == jeanne.id)) == [None]

    done = erase(client, jeanne.id, confirm="y")
    assert done.status_code == 302 and done.headers["Location"] == f"/admin/users/{jeanne.id}"

    assert personal_values_left(clean_app, [NAME, USERNAME, EMAIL, ADDRESS]) == []
    with clean_app.app_context():
        user = db.session.get(User, jeanne.id)
        assert user.is_erased and not user.active
        assert (user.full_name, user.email, user.password_hash) == ("", "", "")
        assert user.username == f"#erased-{jeanne.id}"
        assert user.last_login_at is None and user.password_changed_at is None
        assert user.display_name == "former staff"
        last = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (last.action, last.actor_id, last.object_type, last.object_id) == (
            "user_erased",
            admin.id,
            "User",
            jeanne.id,
        )
        assert last.details == {}
        kept = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.actor_id == jeanne.id)
        ).all()
        assert kept == ["login"]  # history kept, pointing at the erased row

    page = client.get(f"/admin/users/{jeanne.id}").get_data(as_text=True)
    assert 'id="account-erased"' in page and "Erase personal details…" not in page
    assert "Former staff" in client.get("/admin/users").get_data(as_text=True)
    again = client.get(f"/admin/users/{jeanne.id}/erase").get_data(as_text=True)
    assert 'id="already-erased"' in again


def test_an_erased_account_can_never_sign_in_again(clean_app, client, login_as, jeanne):
    from tests.conftest import sign_in

    assert jeanne.client.get("/").status_code == 200  # signed in before the erasure
    login_as("admin")
    assert erase(client, jeanne.id, confirm="y").status_code == 302
    assert jeanne.client.get("/").headers["Location"].startswith("/login")  # session ended
    fresh = clean_app.test_client()
    for username in (USERNAME, f"#erased-{jeanne.id}"):
        for password in (jeanne.password, ""):
            assert sign_in(fresh, username, password).status_code == 200  # the form again
    # neither reactivation, a temporary password nor an edit brings it back
    client.post(f"/admin/users/{jeanne.id}/reactivate")
    client.post(f"/admin/users/{jeanne.id}/reset-password")
    client.post(
        f"/admin/users/{jeanne.id}",
        data={"full_name": NAME, "email": EMAIL, "role": "programmer", "branch_id": "1"},
    )
    from program_planner.auth.models import User

    rows = query(
        clean_app,
        sa.select(User.active, User.password_hash, User.full_name).where(User.id == jeanne.id),
    )
    assert [tuple(r) for r in rows] == [(False, "", "")]


def test_history_shows_former_staff_in_english_and_french(clean_app, client, login_as, jeanne):
    login_as("admin")
    erase(client, jeanne.id, confirm="y")
    pid = jeanne.program_id
    for url in ("/programs", f"/programs/{pid}", "/admin/audit", f"/programs/{pid}/report"):
        page = client.get(url).get_data(as_text=True)
        assert "former staff" in page.lower(), url
        assert NAME not in page and USERNAME not in page, url
    assert "Owner: former staff" in client.get(f"/programs/{pid}").get_data(as_text=True)
    client.post("/language", data={"lang": "fr", "next": "/"})
    for url in (f"/programs/{pid}", "/admin/audit"):
        page = client.get(url).get_data(as_text=True)
        assert "ancien membre du personnel" in page.lower(), url


def test_an_admin_cannot_erase_themselves_and_others_cannot_erase(
    clean_app, client, login_as, make_user, jeanne
):
    from program_planner.auth.models import User

    admin = login_as("admin")
    make_user("admin")
    page = erase(client, admin.id, confirm="y")
    assert page.status_code == 422
    assert "You cannot erase your own account." in page.get_data(as_text=True)
    assert query(clean_app, sa.select(User.erased_at).where(User.id == admin.id)) == [None]
    coordinator = make_user("coordinator")
    other = clean_app.test_client()
    other.post("/login", data={"username": coordinator.username, "password": coordinator.password})
    assert erase(other, jeanne.id, confirm="y").status_code == 403
    assert query(clean_app, sa.select(User.erased_at).where(User.id == jeanne.id)) == [None]


def test_erasure_needs_a_csrf_token(clean_app, client, login_as, jeanne):
    from program_planner.auth.models import User

    login_as("admin")
    clean_app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = erase(client, jeanne.id, confirm="y")
        assert page.status_code == 422 and 'id="form-expired"' in page.get_data(as_text=True)
        assert query(clean_app, sa.select(User.erased_at).where(User.id == jeanne.id)) == [None]
    finally:
        clean_app.config["WTF_CSRF_ENABLED"] = False


def test_a_presenter_debrief_sent_by_link_is_stored_to_the_hour(
    clean_app, client, make_user, branch
):
    """A presenter's debrief comes from outside like a public form: its times to the hour."""
    from program_planner.evaluation.debriefs.service import program_objectives
    from program_planner.evaluation.models import Debrief, DebriefLink
    from tests.evaluation.factories_debriefs import add_debrief_link
    from tests.evaluation.test_debrief_links import setup_program

    owner = make_user("programmer")
    pid, _ = setup_program(clean_app, owner.id, branch)
    with clean_app.app_context():
        _link, token = add_debrief_link(pid, name="Dana Fisher")
        db.session.commit()
        first, second = [o.id for o in program_objectives(pid)]
    client.get(f"/debrief/{token}")
    data = {
        f"o{first}_achieved": "yes",
        f"o{second}_achieved": "no",
        "what_worked": "Pairs at each laptop.",
        "would_return": "yes",
    }
    assert client.post("/debrief", data=data).status_code == 302
    assert len(query(clean_app, sa.select(Debrief.id))) == 1
    assert_to_the_hour(stored_times(clean_app, Debrief))
    assert_to_the_hour(query(clean_app, sa.select(DebriefLink.used_at)))
