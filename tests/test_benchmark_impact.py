"""The benchmark measures both impact report PDFs at a tiny scale; nothing is timed here."""

from benchmarks import impact
from tests.test_benchmark_smoke import tiny_app


def test_impact_pdfs_are_measured_with_statements_and_memory(tmp_path_factory):
    app, _url, _counts = tiny_app(tmp_path_factory)
    measured = impact.measure_impact(app, repeat=1)
    assert set(measured) == {"impact_program", "impact_portfolio"}
    for figures in measured.values():
        assert figures["statements"] > 0 and figures["peak"] > 0 and figures["bytes"] > 1000
    from program_planner.extensions import db

    with app.app_context():
        db.engine.dispose()
