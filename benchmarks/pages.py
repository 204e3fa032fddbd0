"""The everyday pages at scale (issue "Each role's day"): each timed like the dashboard.

Every page is fetched by the benchmark's coordinator (the calendar feed anonymously, as a
calendar application does) at both scales; run.py prints full ÷ 1/100 and the SQL statements.
"""

import sqlalchemy as sa

from benchmarks.library import BENCH_COORDINATOR
from benchmarks.measure import signed_in_client, time_page

NAMES = (
    "ical_feed",
    "calendar_month",
    "it_queue",
    "annual_statistics",
    "annual_workbook",
    "budget_rollup",
    "programs_by_dates",
    "draft_basics",
)


def _first_draft(app) -> tuple[int, str] | None:
    """Return (id, owner's username) of the lowest-numbered draft: the same one at every scale."""
    from program_planner.auth.models import User
    from program_planner.extensions import db
    from program_planner.programs.models import Program, Status

    with app.app_context():
        row = db.session.execute(
            sa.select(Program.id, User.username)
            .join(User, User.id == Program.owner_id)
            .where(Program.status == Status.DRAFT)
            .order_by(Program.id)
            .limit(1)
        ).first()
    return tuple(row) if row else None


def _owner_client(app, username: str):
    """Return a test client signed in as a benchmark programmer (same password as all)."""
    client = app.test_client()
    client.post("/login", data={"username": username, "password": BENCH_COORDINATOR[1]})
    return client


def _busiest_month(app) -> str | None:
    """Return the month (YYYY-MM) with the most sessions: the calendar at its fullest."""
    from program_planner.extensions import db
    from program_planner.occurrences.models import Occurrence

    with app.app_context():
        starts = db.session.scalars(sa.select(Occurrence.starts_at)).all()
    months = {}
    for start in starts:
        key = f"{start.year:04d}-{start.month:02d}"
        months[key] = months.get(key, 0) + 1
    return max(months, key=months.get) if months else None


def page_urls(app) -> dict:
    """Return {name: url} of the pages to time, chosen the same way at every scale."""
    urls = {
        "ical_feed": "/calendar.ics",
        "it_queue": "/it-requests",
        "annual_statistics": "/annual-statistics",
        "annual_workbook": "/annual-statistics.xlsx",
        "budget_rollup": "/budget",
    }
    month = _busiest_month(app)
    if month:
        urls["calendar_month"] = f"/calendar?month={month}"
        urls["programs_by_dates"] = f"/programs?date_from={month}-01&date_to={month}-28"
    draft = _first_draft(app)
    if draft:
        urls["draft_basics"] = f"/programs/{draft[0]}/basics"
    return urls


def measure_everyday_pages(app, repeat: int = 5) -> dict:
    """Time each everyday page; a page that answers other than 200 is reported, not timed."""
    client = signed_in_client(app)
    clients = {"ical_feed": app.test_client()}  # a calendar application signs in as nobody
    draft = _first_draft(app)
    if draft:
        clients["draft_basics"] = _owner_client(app, draft[1])
    timed = {}
    for name, url in page_urls(app).items():
        who = clients.get(name, client)
        try:
            timed[name] = {**time_page(app, who, url, repeat), "url": url}
        except RuntimeError as refused:
            timed[name] = {"error": str(refused), "url": url}
    return timed
