"""The benchmark's generator and measuring functions work at a tiny scale; nothing is timed here."""

import pytest
import sqlalchemy as sa

from benchmarks import measure
from benchmarks.generate import existing_scale, generate, make_bench_app, sizes

TINY = 0.001  # 20 programs, 60 sessions, ~200 responses


def tiny_app(tmp_path_factory, scale=TINY):
    url = f"sqlite:///{tmp_path_factory.mktemp('bench') / 'bench.sqlite3'}"
    app = make_bench_app(url)
    counts = generate(app, scale, echo=lambda _line: None)
    return app, url, counts


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """A benchmark database at a tiny scale, with its app, URL and row counts."""
    app, url, counts = tiny_app(tmp_path_factory)
    yield app, url, counts
    from program_planner.extensions import db

    with app.app_context():
        db.engine.dispose()


def scalar(app, stmt):
    from program_planner.extensions import db

    with app.app_context():
        return db.session.scalar(stmt)


def test_generator_builds_a_library_system_of_the_asked_size(bench):
    app, _url, counts = bench
    assert counts["programs"] == sizes(TINY)["programs"] == 20
    assert counts["occurrences"] == 3 * counts["programs"]
    assert counts["branches"] >= 4
    assert counts["responses"] > 100
    assert 7 <= counts["answers"] / counts["responses"] <= 10
    assert counts["occurrence_reports"] > 0 and counts["budget_lines"] > 0
    recorded = existing_scale(app)
    assert recorded["scale"] == "0.001" and int(recorded["responses"]) == counts["responses"]
    from program_planner.evaluation.models import Answer

    # hostile and very long comments are part of the data the export is measured on
    longest = scalar(app, sa.select(sa.func.max(sa.func.length(Answer.value_text))))
    assert longest >= 40_000
    assert scalar(app, sa.select(sa.func.count()).where(Answer.value_text.like("=%"))) > 0


def test_a_program_is_the_same_at_every_scale(bench, tmp_path_factory):
    from program_planner.evaluation.models import Answer, Response

    small, _url, _counts = bench
    bigger, _url2, counts = tiny_app(tmp_path_factory, scale=2 * TINY)
    assert counts["programs"] == 40
    stmt = (
        sa.select(sa.func.count(Answer.id), sa.func.sum(Answer.value_number))
        .join(Response, Response.id == Answer.response_id)
        .where(Response.program_id <= 20)
    )
    from program_planner.extensions import db

    with small.app_context():
        first = db.session.execute(stmt).one()
    with bigger.app_context():
        second = db.session.execute(stmt).one()
        db.engine.dispose()
    assert first == second


def test_pages_are_measured_with_their_statement_counts(bench):
    app, _url, _counts = bench
    pages = measure.measure_pages(app, repeat=1)
    assert pages["bare"]["wall"] > 0 and pages["bare"]["requests"] >= 1
    assert measure.clock_for(app) == "cpu"
    for name in ("dashboard", "report"):
        if name in pages:
            assert pages[name]["statements"] > 0
            assert pages[name]["bytes"] > 1000
    if "report" in pages:
        assert (
            scalar(
                app,
                sa.text(f"SELECT status FROM programs WHERE id = {pages['report']['program_id']}"),
            )
            == "evaluated"
        )


def test_export_is_compared_with_raw_openpyxl_and_pandas(bench):
    pytest.importorskip("pandas")
    app, _url, _counts = bench
    ids = measure.program_ids_for_responses(app, 50)
    assert ids and ids[0] == 1
    result = measure.compare_export(app, ids)
    assert result["cells"] > 100
    assert all(result[k]["wall"] > 0 for k in ("export", "raw_openpyxl", "pandas"))
    assert len(result["sheets"]) >= 5


def test_export_memory_is_probed_in_a_fresh_process(bench):
    _app, url, counts = bench
    probe = measure.export_memory(url, counts["programs"])
    assert probe["programs"] == counts["programs"]
    assert probe["responses"] == counts["responses"]
    assert probe["rss_peak"] >= probe["rss_before"] > 0
    assert probe["traced_peak"] is None


def test_write_measurements_store_what_they_post(bench):
    from benchmarks import writes
    from program_planner.evaluation.models import OccurrenceReport, Response
    from program_planner.planning.models import BudgetLine

    app, url, _counts = bench
    targets = writes.write_targets(app, forms=3)
    assert len(targets["tokens"]) == 3
    before = scalar(app, sa.select(sa.func.count(Response.id)))
    costs = writes.cpu_per_write(app, targets, repeat=2)
    assert set(costs) == {"public form post", "headcount", "budget actual"}
    assert scalar(app, sa.select(sa.func.count(Response.id))) == before + 3  # warm-up + 2
    report = sa.select(OccurrenceReport.headcount).where(
        OccurrenceReport.occurrence_id == targets["occurrence_id"]
    )
    assert scalar(app, report) == 21  # the last of 20 + i % 7 for i = 0, 0, 1
    line = sa.select(BudgetLine.actual).where(BudgetLine.id == targets["budget_line_id"])
    assert scalar(app, line) == 101
    load = writes.throughput(url, targets["tokens"], seconds=1.5)
    assert load["errors"] == 0 and load["ok"] > 0
    assert scalar(app, sa.select(sa.func.count(Response.id))) == before + 3 + load["ok"]


def test_the_full_export_is_measured_as_a_job_and_in_the_request(bench):
    from program_planner.audit.models import AuditEvent
    from program_planner.jobs.models import Job

    app, _url, counts = bench
    app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"] = 5  # a tiny library still exports as a job
    events = scalar(app, sa.select(sa.func.count(AuditEvent.id)))
    timing = measure.export_job_timing(app)
    assert timing["programs"] == counts["programs"]
    assert timing["bytes"] > 0 and timing["inline_bytes"] > 0
    assert all(timing[k]["wall"] > 0 for k in ("ask", "job", "inline"))
    assert scalar(app, sa.select(sa.func.count(Job.id))) == 0  # the database is left as found
    assert scalar(app, sa.select(sa.func.count(AuditEvent.id))) == events
