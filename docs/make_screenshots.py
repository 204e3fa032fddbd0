"""Take screenshots of the main pages with demo data, for the README and user guide.

Run with `make screenshots`; writes PNG files to docs/screenshots/.
"""

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import flask_migrate  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from program_planner import create_app  # noqa: E402
from program_planner.demo import DEMO_ACCOUNTS, load_demo  # noqa: E402
from program_planner.evaluation.models import EvaluationLink  # noqa: E402
from program_planner.extensions import db  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# (file name, account, path, viewport width)
SHOTS = [
    ("login", None, "/login", 1280),
    ("home-admin", "admin", "/", 1280),
    ("admin-users", "admin", "/admin/users", 1280),
    ("admin-user-form", "admin", "/admin/users/new", 1280),
    ("admin-branches", "admin", "/admin/branches", 1280),
    ("admin-audit", "admin", "/admin/audit", 1280),
    ("home-programmer", "programmer", "/", 1280),
    ("login-phone", None, "/login", 390),
    ("programs", "coordinator", "/programs", 1280),
    ("program-evaluated", "coordinator", "/programs/1", 1280),
    ("program-submitted", "coordinator", "/programs/3", 1280),
    ("program-returned", "mlopez", "/programs/5", 1280),
    ("program-basics", "programmer", "/programs/4/basics", 1280),
    ("home-coordinator", "coordinator", "/", 1280),
    ("home-programmer", "programmer", "/", 1280),
    ("program-phone", "coordinator", "/programs/2", 390),
    ("calendar", "coordinator", "/calendar?month=2026-12", 1280),
    ("calendar-phone", "frontline", "/calendar?month=2026-12", 390),
    ("it-queue", "coordinator", "/it-requests", 1280),
    ("budget", "coordinator", "/budget", 1280),
    ("target-groups", "coordinator", "/target-groups", 1280),
    ("venues", "coordinator", "/venues", 1280),
    ("session-form", "programmer", "/programs/4/occurrences/new", 1280),
    ("program-evaluation", "programmer", "/programs/1#evaluation_form", 1280),
    ("question-bank", "coordinator", "/evaluation/questions", 1280),
    ("paper-form", "coordinator", "/programs/1/paper-form", 1280),
    ("rapid-entry", "frontline", "/occurrences/5/paper-entry", 1280),
    ("session-report", "frontline", "/occurrences/5/report", 1280),
    ("import", "programmer", "/programs/1/import", 1280),
    ("report", "coordinator", "/programs/1/report", 1280),
    ("dashboard", "coordinator", "/dashboard", 1280),
    ("annual-statistics", "coordinator", "/annual-statistics?year=2026", 1280),
    ("export", "coordinator", "/export", 1280),
]
PUBLIC_SHOTS = [("public-form-phone", 390), ("public-form", 1280)]


def main():
    """Serve a demo app on a temporary database and photograph its pages."""
    tmp = tempfile.mkdtemp()
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/shots.db",
        LIBRARY_REGION="CA",
        WTF_CSRF_ENABLED=True,
    )
    with app.app_context():
        flask_migrate.upgrade()
        load_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    passwords = {u: p for u, p, *_ in DEMO_ACCOUNTS}
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        for name, account, path, width in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": 800})
            if account:
                page.goto(f"{base}/login")
                page.fill("#username", account)
                page.fill("#password", passwords[account])
                page.keyboard.press("Enter")
                page.wait_for_url(f"{base}/")
            page.goto(base + path)
            page.screenshot(path=OUT / f"{name}.png", full_page=True)
            page.close()
        with app.app_context():
            token = db.session.scalar(sa.select(EvaluationLink.token).order_by(EvaluationLink.id))
        for name, width in PUBLIC_SHOTS:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(f"{base}/f/{token}")
            page.screenshot(path=OUT / f"{name}.png", full_page=True)
            page.close()
        browser.close()
    server.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    os.environ.setdefault("PROGRAM_PLANNER_CONFIG", "testing")
    main()
