"""Browser tests: Debian's chromium driven by Playwright against a live server."""

import os
import shutil
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

# a loaded two-core CI machine can take longer than Playwright's 5 s default to answer a post
expect.set_options(timeout=15_000)

REQUIRE_BROWSER = os.environ.get("PP_REQUIRE_BROWSER") == "1"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """Return the chromium executable (CHROMIUM or Debian's), or None."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium; Playwright's own browser download is not available here."""
    path = chromium_path()
    if not path:
        message = "chromium not installed (apt-get install chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(message + " and PP_REQUIRE_BROWSER=1")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def live_server(app):
    """Serve the test app on a free local port in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()


@pytest.fixture
def site(clean_app, live_server, monkeypatch):
    """The live site's base URL, with CSRF protection on as in production."""
    monkeypatch.setitem(clean_app.config, "WTF_CSRF_ENABLED", True)
    return live_server.url


def pytest_collection_modifyitems(config, items):
    """Deselect the PostgreSQL run of tests marked sqlite_only (deselected, never skipped)."""
    dropped = [
        item
        for item in items
        if item.get_closest_marker("sqlite_only") and "[postgresql" in item.nodeid
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]
