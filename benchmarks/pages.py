"""The everyday pages at scale (issue "Each role's day"): each timed like the dashboard.

Every page is fetched by the benchmark's coordinator (the calendar feed anonymously, as a
calendar application does) at both scales; run.py prints full ÷ 1/100 and the SQL statements.

The whole library's calendar feed is timed as a calendar application meets it: its first
rendering after a change (nothing stored: it holds every session of the window, so it grows with
the library), then the polls that follow, with the ETag it was given (304) and without (the
stored feed). The polls are what a subscribed calendar costs all day.
"""

import statistics

import sqlalchemy as sa

from benchmarks.library import BENCH_COORDINATOR
from benchmarks.measure import Stopwatch, signed_in_client, statement_counter, time_page

FEED_FIRST = "ical_feed_first_render_grows_with_window"
FEED_POLL = "ical_feed_poll_if_none_match_304"
FEED_REPEAT = "ical_feed_poll_without_etag_stored"
FEED_NAMES = (FEED_FIRST, FEED_POLL, FEED_REPEAT)
NAMES = (
    *FEED_NAMES,
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
        **dict.fromkeys(FEED_NAMES, "/calendar.ics"),
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


def _forget_feeds(app) -> None:
    """Delete the stored feeds, so the next request renders its feed (as after a change)."""
    from program_planner.extensions import db
    from program_planner.occurrences.models import FeedCache

    with app.app_context():
        try:
            db.session.execute(sa.delete(FeedCache))
            db.session.commit()
        except sa.exc.DBAPIError as missing:  # a reused bench database from before feed_cache
            db.session.rollback()
            message = f"stored feeds not reachable ({missing.orig}); use --fresh"
            raise RuntimeError(message) from None


def time_feed(app, url: str, kind: str, repeat: int = 5) -> dict:
    """Time a calendar application's request of a feed: the first rendering or a poll.

    Like time_page: median of at least `repeat` requests (more while under a second), and the
    statements of one; a poll is made after a first request gave the feed and its ETag.
    """
    client = app.test_client()  # a calendar application signs in as nobody
    _forget_feeds(app)
    first = client.get(url)
    if first.status_code != 200:
        raise RuntimeError(f"GET {url} answered {first.status_code}")
    headers = {"If-None-Match": first.headers["ETag"]} if kind == FEED_POLL else {}
    expected = 304 if kind == FEED_POLL else 200

    def request():
        if kind == FEED_FIRST:
            _forget_feeds(app)
        with Stopwatch() as lap:
            response = client.get(url, headers=headers)
            response.get_data()
        if response.status_code != expected:
            raise RuntimeError(f"GET {url} ({kind}) answered {response.status_code}")
        return lap, response

    if kind == FEED_FIRST:
        _forget_feeds(app)
    with statement_counter(app) as counted:
        client.get(url, headers=headers)
    laps = []
    while len(laps) < repeat or (sum(lap.wall for lap in laps) < 1.0 and len(laps) < 50):
        lap, response = request()
        laps.append(lap)
    return {
        "wall": statistics.median(lap.wall for lap in laps),
        "cpu": statistics.median(lap.cpu for lap in laps),
        "requests": len(laps),
        "statements": counted["n"],
        "bytes": len(response.data),
    }


def measure_everyday_pages(app, repeat: int = 5) -> dict:
    """Time each everyday page; a page that answers other than 200 is reported, not timed."""
    client = signed_in_client(app)
    clients = {}
    draft = _first_draft(app)
    if draft:
        clients["draft_basics"] = _owner_client(app, draft[1])
    timed = {}
    for name, url in page_urls(app).items():
        who = clients.get(name, client)
        try:
            if name in FEED_NAMES:
                timed[name] = {**time_feed(app, url, name, repeat), "url": url}
            else:
                timed[name] = {**time_page(app, who, url, repeat), "url": url}
        except RuntimeError as refused:
            timed[name] = {"error": str(refused), "url": url}
    return timed
