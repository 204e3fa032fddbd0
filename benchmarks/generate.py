"""Generate a large library system straight into a database, with bulk inserts.

Full scale (--scale 1): 60 branches, 20,000 programs, 60,000 occurrences and about 216,000
evaluation responses with ~8.5 answers each, plus objectives, budgets, promotion, session
reports and debriefs. --scale 0.01 gives the same system at 1/100.

Each program is built from its own seeded random generator, so program k is identical at
every scale: a report page of program k compares like with like.

SQLite file by default (instance/bench/bench-<scale>.sqlite3); PostgreSQL when
BENCH_DATABASE_URL is set. The target database is emptied first (its tables are dropped),
then migrated to head, then filled.

    .venv/bin/python benchmarks/generate.py --scale 0.1
"""

import argparse
import contextlib
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from benchmarks.library import (  # noqa: E402, F401 - the names run.py and the tests use
    BENCH_COORDINATOR,
    CHUNK_PROGRAMS,
    GENERATOR_VERSION,
    Generator,
    sizes,
)
from program_planner.planning.budget_cells import refresh_all_budget_cells  # noqa: E402
from program_planner.reports.results import refresh_all  # noqa: E402


def bench_database_url(scale: float) -> str:
    """Return the database URL of a scale: BENCH_DATABASE_URL, or a SQLite file in BENCH_DIR."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    folder = Path(os.environ.get("BENCH_DIR") or ROOT / "instance" / "bench")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / f'bench-{scale:g}.sqlite3'}"


def make_bench_app(url: str):
    """Return the application bound to the benchmark database."""
    from program_planner import create_app

    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        RATELIMIT_ENABLED=False,
        LIBRARY_REGION="CA",
    )


def existing_scale(app) -> dict | None:
    """Return what the generator recorded in the database, or None if it holds no bench data."""
    from program_planner.extensions import db

    with app.app_context():
        if not sa.inspect(db.engine).has_table("bench_info"):
            return None
        with db.engine.connect() as conn:
            return dict(conn.execute(sa.text("SELECT key, value FROM bench_info")).all())


def reset_schema(app) -> None:
    """Drop every table and migrate an empty database to head."""
    import flask_migrate

    from program_planner.extensions import db

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            db.engine.dispose()
            database = db.engine.url.database
            if database and database != ":memory:":
                for suffix in ("", "-wal", "-shm", "-journal"):
                    Path(database + suffix).unlink(missing_ok=True)
        db.engine.dispose()
        with contextlib.redirect_stderr(io.StringIO()):  # alembic's INFO lines
            flask_migrate.upgrade()


def analyze(engine) -> None:
    """Gather the query planner's statistics."""
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()


def generate(app, scale: float, echo=print) -> dict:
    """Empty the app's database and fill it at this scale; return the row counts."""
    from program_planner.extensions import db

    began = time.perf_counter()
    reset_schema(app)
    with app.app_context():
        with db.engine.begin() as conn:
            generator = Generator(conn, scale)
            generator.catalogues()
        programs = generator.size["programs"]
        for first in range(1, programs + 1, CHUNK_PROGRAMS):
            with db.engine.begin() as conn:
                generator.conn = conn
                for k in range(first, min(first + CHUNK_PROGRAMS, programs + 1)):
                    generator.program(k)
                generator.flush()
        analyze(db.engine)  # before the refresh's joins, so they use the indexes
        refresh_all()  # the stored per-program figures the dashboard sums (bulk inserts skip them)
        db.session.commit()
        refresh_all_budget_cells()  # and the budget roll-up's cells
        db.session.commit()
        with db.engine.begin() as conn:
            generator.conn = conn
            generator.finish()
        analyze(db.engine)
        db.engine.dispose()
    counts = dict(generator.counts)
    counts["seconds"] = round(time.perf_counter() - began, 1)
    echo(
        f"generated scale {scale:g} in {counts['seconds']} s: "
        + ", ".join(
            f"{counts.get(t, 0):,} {t}"
            for t in ("branches", "programs", "occurrences", "responses", "answers")
        )
    )
    return counts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = full scale, 0.01 = 1/100")
    args = parser.parse_args(argv)
    url = bench_database_url(args.scale)
    print(f"database: {url}")
    generate(make_bench_app(url), args.scale)


if __name__ == "__main__":
    main()
