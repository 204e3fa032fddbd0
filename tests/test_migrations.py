"""Migrations: one head, upgrade from empty on SQLite and PostgreSQL, schema matches models."""

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from program_planner import create_app
from program_planner.extensions import db
from tests.conftest import database_url, drop_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_app(request, tmp_path_factory):
    url = database_url(request.param, tmp_path_factory, "program_planner_migrations")
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    yield application
    with application.app_context():
        db.engine.dispose()
    if request.param == "postgresql":
        drop_postgres_database(url)


def test_single_head(empty_app):
    with empty_app.app_context():
        config = empty_app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_app):
    with empty_app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], diff
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"users", "branches", "audit_events", "alembic_version"} <= tables
        flask_migrate.downgrade(revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]


def test_upgrading_an_sqlite_database_with_data_keeps_every_child_row(tmp_path):
    """Batch migrations rebuild tables on SQLite; foreign keys must not cascade-delete rows."""
    import flask_migrate
    import sqlalchemy as sa

    from program_planner import create_app
    from program_planner.demo import load_demo
    from program_planner.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'up.sqlite3'}")
    with app.app_context():
        flask_migrate.upgrade()
        load_demo()
        db.session.commit()
        tables = ("occurrence_reports", "responses", "answers", "occurrences", "debriefs")

        def counts():
            return {t: db.session.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in tables}

        before = counts()
        db.session.commit()
        assert all(before.values()), before
        flask_migrate.downgrade(revision="9c4f2a7e5d10")  # before every later batch migration
        flask_migrate.upgrade()
        assert counts() == before
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        db.session.rollback()
        db.engine.dispose()
