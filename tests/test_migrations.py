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
