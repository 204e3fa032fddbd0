"""The community benchmark adds its rows once and times its pages (nothing is timed here)."""

from benchmarks import community
from tests.test_benchmark_smoke import tiny_app


def test_community_rows_and_pages_at_a_tiny_scale(tmp_path_factory):
    app, _url, _counts = tiny_app(tmp_path_factory)
    try:
        timed = community.measure_community(app, repeat=1)
        counts = timed["community_counts"]
        assert counts["needs"] == 4 * community.NEEDS_PER_BRANCH  # four branches
        assert counts["survey_responses"] == 4 * community.RESPONSES_PER_BRANCH
        assert community.add_community_rows(app) == counts  # added once
        for name in community.PAGES:
            assert timed[name]["statements"] > 0
    finally:
        from program_planner.extensions import db

        with app.app_context():
            db.engine.dispose()
