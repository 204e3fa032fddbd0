"""The database under concurrent use: SQLite settings and write locks on both backends."""

import threading

import pytest
import sqlalchemy as sa

from program_planner import create_app
from program_planner.auth import service as accounts
from program_planner.auth.models import Branch, Role, User
from program_planner.db import begin_write
from program_planner.extensions import db
from tests.conftest import PASSWORD, query


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(tmp_path):
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/w.db")
    with application.app_context():
        conn = db.session.connection()
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_foreign_keys_are_enforced(clean_app):
    with clean_app.app_context():
        db.session.add(
            User(
                username="orphan",
                full_name="O",
                email="",
                role=Role.FRONTLINE,
                branch_id=424242,
                password_hash="x",
            )
        )
        with pytest.raises(sa.exc.IntegrityError):
            db.session.flush()
        db.session.rollback()


def run_in_threads(application, work, threads=2, each=20):
    """Run work() in app contexts on several threads; return the errors raised."""
    errors = []

    def worker():
        for _ in range(each):
            with application.app_context():
                try:
                    work()
                except Exception as error:  # noqa: BLE001 - collected for the assertion
                    errors.append(error)
                    db.session.rollback()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return errors


def test_read_then_write_under_the_write_lock_loses_no_update(clean_app):
    with clean_app.app_context():
        db.session.execute(sa.text("DROP TABLE IF EXISTS pp_test_counter"))
        db.session.execute(
            sa.text("CREATE TABLE pp_test_counter (id INTEGER PRIMARY KEY, n INTEGER)")
        )
        db.session.execute(sa.text("INSERT INTO pp_test_counter VALUES (1, 0)"))
        db.session.commit()
    lock = " FOR UPDATE" if clean_app.backend == "postgresql" else ""

    def increment():
        begin_write(db.session)
        n = db.session.execute(
            sa.text(f"SELECT n FROM pp_test_counter WHERE id = 1{lock}")
        ).scalar()
        db.session.execute(sa.text("UPDATE pp_test_counter SET n = :n WHERE id = 1"), {"n": n + 1})
        db.session.commit()

    try:
        errors = run_in_threads(clean_app, increment, threads=3, each=15)
        assert errors == []
        assert query(clean_app, sa.text("SELECT n FROM pp_test_counter")) == [45]
    finally:
        with clean_app.app_context():
            db.session.execute(sa.text("DROP TABLE pp_test_counter"))
            db.session.commit()


def test_two_admins_creating_the_same_username_at_once(clean_app, branch):
    results = []

    def create():
        begin_write(db.session)
        try:
            accounts.create_user(
                None,
                username="samename",
                full_name="S",
                email="",
                role=Role.FRONTLINE,
                branch=db.session.get(Branch, branch),
                password=PASSWORD,
            )
            db.session.commit()
            results.append("created")
        except accounts.AccountError:
            db.session.rollback()
            results.append("refused")

    errors = run_in_threads(clean_app, create, threads=2, each=3)
    assert errors == []
    assert sorted(results) == ["created"] + ["refused"] * 5
    assert query(clean_app, sa.select(sa.func.count(User.id))) == [1]
