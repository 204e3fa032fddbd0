"""Stored per-program results: kept fresh by every write, repaired by the command and migration.

Every test of the suite also ends with tests/conftest.py's assert_program_results_fresh, which
compares each program's stored figures with freshly computed ones.
"""

from datetime import UTC, datetime
from decimal import Decimal

import flask_migrate
import pytest
import sqlalchemy as sa

from program_planner import create_app
from program_planner.evaluation.models import (
    Answer,
    OccurrenceReport,
    Question,
    Response,
    ResponseChannel,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import ProgramType
from program_planner.reports.dashboard import portfolio as portfolio_module
from program_planner.reports.dashboard.stats import Filters
from program_planner.reports.models import PortfolioCell, ProgramResult, ResultMark
from program_planner.reports.results import bring_up_to_date, current_figures, refresh
from tests.conftest import database_url, drop_postgres_database
from tests.factories import add_objective, make_program
from tests.reports.test_dashboard_data import build_portfolio, satisfaction_question

PREVIOUS_REVISION = "9c4f2a7e5d10"


def up_to_date() -> None:
    """Bring the stored figures up to date, as the dashboard does before it reads them."""
    while bring_up_to_date():
        db.session.commit()
    db.session.commit()


def stored(program_id) -> ProgramResult:
    up_to_date()
    db.session.expire_all()
    return db.session.get(ProgramResult, program_id)


def add_session(program_id, headcount=None, first_time=0) -> Occurrence:
    occurrence = Occurrence(
        program_id=program_id,
        starts_at=datetime(2026, 3, 10, 18, tzinfo=UTC),
        ends_at=datetime(2026, 3, 10, 19, tzinfo=UTC),
        expected_attendance=20,
    )
    db.session.add(occurrence)
    db.session.flush()
    if headcount is not None:
        db.session.add(
            OccurrenceReport(
                occurrence_id=occurrence.id, headcount=headcount, first_time_count=first_time
            )
        )
    return occurrence


def add_satisfaction(program_id, value, n) -> None:
    question = (
        db.session.scalar(sa.select(Question).where(Question.code == "satisfaction"))
        or satisfaction_question()
    )
    for i in range(n):
        response = Response(
            program_id=program_id,
            channel=ResponseChannel.PAPER,
            submission_key=f"key-{program_id}-{value}-{i}",
        )
        response.answers.append(Answer(question_id=question.id, value_number=Decimal(value)))
        db.session.add(response)


def test_a_new_program_gets_a_row_of_zeros(clean_app, make_user, branch):
    owner = make_user()
    with clean_app.app_context():
        program = make_program(owner.id, branch)
        db.session.commit()
        row = stored(program.id)
        assert (row.sessions, row.attendance, row.responses, row.actual) == (0, 0, 0, None)


def test_each_change_is_counted_at_commit_and_a_rollback_leaves_nothing(
    clean_app, make_user, branch
):
    owner = make_user()
    with clean_app.app_context():
        program = make_program(owner.id, branch)
        add_objective(program.id)
        db.session.commit()
        occurrence = add_session(program.id, headcount=12, first_time=5)
        add_satisfaction(program.id, 5, 3)
        add_satisfaction(program.id, 2, 1)
        db.session.commit()
        marked = db.session.scalars(sa.select(ResultMark.program_id)).all()
        assert marked and set(marked) == {program.id}  # the writer only marked the program
        assert db.session.get(ProgramResult, program.id) is None  # not computed yet
        row = stored(program.id)
        assert db.session.scalar(sa.select(sa.func.count(ResultMark.id))) == 0
        assert (row.sessions, row.attendance, row.first_time) == (1, 12, 5)
        assert (row.satisfaction_n, row.satisfaction_agree, row.responses) == (4, 3, 4)
        assert row.satisfaction_total == Decimal(17)
        assert row.objectives_insufficient == 1  # no linked answers yet

        report = db.session.scalar(sa.select(OccurrenceReport))
        report.headcount = 30
        db.session.commit()
        assert stored(program.id).attendance == 30

        db.session.delete(db.session.get(Occurrence, occurrence.id))
        db.session.commit()
        assert (stored(program.id).sessions, stored(program.id).attendance) == (0, 0)

        add_session(program.id, headcount=99)
        db.session.flush()
        db.session.rollback()
        assert stored(program.id).sessions == 0  # nothing counted from a rolled-back write
        add_satisfaction(program.id, 4, 1)
        db.session.commit()  # the rolled-back session is not counted by a later commit either
        assert (stored(program.id).sessions, stored(program.id).responses) == (0, 5)


def test_the_command_repairs_rows_written_around_the_orm(clean_app, make_user, branch):
    owner = make_user()
    with clean_app.app_context():
        program = make_program(owner.id, branch)
        add_session(program.id, headcount=8)
        db.session.commit()
        up_to_date()
        program_id = program.id
        db.session.execute(
            sa.update(ProgramResult).values(attendance=1234, sessions=7)
        )  # as a bulk load or a restore might leave it
        db.session.commit()
        assert stored(program_id).attendance == 1234
    result = clean_app.test_cli_runner().invoke(args=["reports", "refresh-results"])
    assert result.exit_code == 0, result.output
    assert "Refreshed the result figures of 1 programs." in result.output
    with clean_app.app_context():
        assert (stored(program_id).sessions, stored(program_id).attendance) == (1, 8)


def test_refresh_skips_programs_that_are_gone(clean_app, make_user, branch):
    owner = make_user()
    with clean_app.app_context():
        program = make_program(owner.id, branch)
        db.session.commit()
        refresh([program.id, program.id + 1000])
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgramResult)) == 1


def test_the_migration_fills_the_rows_of_existing_programs(app, tmp_path_factory):
    url = database_url(app.backend, tmp_path_factory, "program_planner_results_migration")
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    try:
        with other.app_context():
            flask_migrate.upgrade()
            from program_planner.demo import load_demo

            load_demo()
            db.session.commit()
            up_to_date()
            expected = current_figures(
                list(db.session.scalars(sa.select(ProgramResult.program_id)))
            )
            assert len(expected) >= 5
            db.session.rollback()  # no open transaction may hold the table the downgrade drops
            flask_migrate.downgrade(revision=PREVIOUS_REVISION)
            flask_migrate.upgrade()
            assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgramResult)) == 0
            up_to_date()  # the migration marked every program; the first read computes them
            rows = db.session.scalars(sa.select(ProgramResult)).all()
            columns = [c.key for c in ProgramResult.__table__.columns]
            assert {r.program_id: {k: getattr(r, k) for k in columns} for r in rows} == expected
            assert any(figures["responses"] > 0 for figures in expected.values())
            assert db.session.scalar(sa.select(sa.func.count()).select_from(PortfolioCell)) > 0
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
        if app.backend == "postgresql":
            drop_postgres_database(url)


def summary(result) -> tuple:
    """Everything the dashboard shows of a Portfolio, in comparable plain values."""

    def row(f):
        return (
            str(f.label),
            f.programs,
            f.sessions,
            f.attendance,
            f.first_time,
            round(f.costed_actual, 2),
            f.costed_attendance,
            f.satisfaction_n,
            round(f.satisfaction_total, 2),
            f.satisfaction_agree,
            dict(f.verdicts),
        )

    groups = (result.by_branch, result.by_type, result.by_target_group, result.by_period)
    return (
        row(result.total),
        [[row(f) for f in rows] for rows in groups],
        result.period_unit,
        [
            (c.name, c.programs, c.expected_reach, c.attendance, c.under_served)
            for c in result.coverage
        ],
        result.median_share,
        (result.responses, result.debriefs, result.new_programs),
    )


@pytest.mark.parametrize("year", [None, 2019, 2020, 2031])
def test_the_cells_give_the_figures_of_the_per_program_rows(
    clean_app, make_user, branch, monkeypatch, year
):
    owner = make_user()
    build_portfolio(clean_app, owner.id, branch)
    labels = {t.value: str(t.label) for t in ProgramType}
    with clean_app.app_context():
        up_to_date()
        from_cells = portfolio_module.portfolio(Filters(fiscal_year=year), labels)
        monkeypatch.setattr(portfolio_module, "uses_cells", lambda _filters: False)
        from_rows = portfolio_module.portfolio(Filters(fiscal_year=year), labels)
    assert summary(from_cells) == summary(from_rows)
    if year in (None, 2019):
        assert from_cells.total.programs > 0 and from_cells.by_period
