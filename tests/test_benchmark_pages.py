"""The benchmark measures each role's everyday pages at a tiny scale; nothing is timed here."""

from benchmarks import pages
from tests.test_benchmark_smoke import tiny_app


def test_everyday_pages_are_all_measured_with_their_statements(tmp_path_factory):
    app, _url, _counts = tiny_app(tmp_path_factory)
    measured = pages.measure_everyday_pages(app, repeat=1)
    # 20 programs hold no draft; at 1/100 and above there are drafts to open
    assert set(measured) == set(pages.NAMES) - {"draft_basics"}
    refused = {name: f["error"] for name, f in measured.items() if "error" in f}
    assert refused == {}
    for name, figures in measured.items():
        assert figures["statements"] > 0, name
        assert figures["bytes"] > 100 or name == pages.FEED_POLL, name  # a 304 has no body
    assert measured[pages.FEED_POLL]["statements"] < measured[pages.FEED_FIRST]["statements"]
    from program_planner.extensions import db

    with app.app_context():
        db.engine.dispose()
