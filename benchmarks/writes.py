"""What a write costs and how many a room gets through.

cpu_per_write(): median time of a public form post, a headcount and a budget actual, in
process (CPU time on SQLite, wall-clock on PostgreSQL). throughput(): 20 concurrent clients
posting public forms to gunicorn (2 workers × 4 threads), on one form or spread over 20.
"""

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import sqlalchemy as sa

from benchmarks.html_forms import fields_of
from benchmarks.measure import Stopwatch, clock_for
from benchmarks.server import gunicorn_serving

BENCH_ADMIN = ("bench_admin", "harbour-quince-lantern-58")
CLIENTS = 20


def _admin(db) -> None:
    """Create the benchmark's administrator once (the writes need the right to edit actuals)."""
    from program_planner.auth import service as accounts
    from program_planner.auth.models import Branch, Role, User

    if db.session.scalar(sa.select(User.id).where(User.username == BENCH_ADMIN[0])):
        return
    accounts.create_user(
        None,
        username=BENCH_ADMIN[0],
        full_name="Bench Admin",
        email="bench-admin@library.example",
        role=Role.ADMIN,
        branch=db.session.scalar(sa.select(Branch).order_by(Branch.id).limit(1)),
        password=BENCH_ADMIN[1],
        must_change_password=False,
    )


def _link_token(db, program_id: int) -> str:
    """Return the token of an open immediate-evaluation link of the program, made if needed."""
    from program_planner.evaluation.models import EvaluationLink, ResponseKind

    token = f"bench-write-{program_id}"
    if not db.session.scalar(sa.select(EvaluationLink.id).where(EvaluationLink.token == token)):
        db.session.add(
            EvaluationLink(
                program_id=program_id, kind=ResponseKind.IMMEDIATE, token=token, active=True
            )
        )
    return token


def write_targets(app, forms: int = CLIENTS) -> dict:
    """Return the program, session and budget line the writes change, and public form tokens.

    The same programs at every scale: the first delivered ones with a past session, a budget
    line and questions on their form.
    """
    from program_planner.db import utcnow
    from program_planner.evaluation.models import ProgramQuestion
    from program_planner.extensions import db
    from program_planner.occurrences.models import Occurrence
    from program_planner.planning.models import BudgetLine
    from program_planner.programs.models import Program, Status

    with app.app_context():
        ids = list(
            db.session.scalars(
                sa.select(Program.id)
                .where(
                    Program.status.in_([Status.DELIVERED, Status.EVALUATED]),
                    sa.exists().where(
                        Occurrence.program_id == Program.id, Occurrence.starts_at < utcnow()
                    ),
                    sa.exists().where(BudgetLine.program_id == Program.id),
                    sa.exists().where(ProgramQuestion.program_id == Program.id),
                )
                .order_by(Program.id)
                .limit(forms)
            )
        )
        if not ids:
            raise RuntimeError("no delivered program with a session, budget and form")
        first = ids[0]
        occurrence = db.session.scalar(
            sa.select(sa.func.min(Occurrence.id)).where(Occurrence.program_id == first)
        )
        line = db.session.scalar(
            sa.select(sa.func.min(BudgetLine.id)).where(BudgetLine.program_id == first)
        )
        _admin(db)
        tokens = [_link_token(db, pid) for pid in ids]
        db.session.commit()
        return {
            "program_id": first,
            "occurrence_id": occurrence,
            "budget_line_id": line,
            "tokens": tokens,
        }


def _public_post(http, token: str, comment: str) -> int:
    """Open a public form, answer every question with its first offer, send; return status."""
    page = http.get(f"/f/{token}")
    if page.status_code != 200:
        return page.status_code
    data = _first_answers(page.text)
    data.update(fields_of(page.text))
    for name in [n for n in data if n.startswith("q") and data[n] == ""]:
        data[name] = comment
    return http.post(f"/f/{token}", data=data).status_code


def _first_answers(page: str) -> dict:
    """Return the first radio or checkbox value of every choice question on the page."""
    import re

    answers = {}
    for name, value in re.findall(
        r'type="(?:radio|checkbox)"[^>]*name="(q\d+)"[^>]*value="([^"]*)"', page
    ):
        answers.setdefault(name, value)
    for value, name in re.findall(
        r'value="([^"]*)"[^>]*name="(q\d+)"[^>]*type="(?:radio|checkbox)"', page
    ):
        answers.setdefault(name, value)
    return answers


def _signed_in(app, username, password):
    client = app.test_client()
    answer = client.post("/login", data={"username": username, "password": password})
    if answer.status_code != 302:
        raise RuntimeError(f"could not sign in as {username}: {answer.status_code}")
    return client


def _timed(clock, repeat, write) -> float:
    laps = []
    for i in range(repeat):
        with Stopwatch() as lap:
            status = write(i)
        if status != 302:
            raise RuntimeError(f"a write answered {status}")
        laps.append(getattr(lap, clock))
    return statistics.median(laps)


def cpu_per_write(app, targets: dict, repeat: int = 20) -> dict:
    """Return the median time of each kind of write (seconds, the fair clock of the database)."""
    clock = clock_for(app)
    anonymous = app.test_client()
    staff = _signed_in(app, *BENCH_ADMIN)
    token = targets["tokens"][0]
    report_url = f"/occurrences/{targets['occurrence_id']}/report"
    actual_url = f"/programs/{targets['program_id']}/budget_actuals/{targets['budget_line_id']}"

    def public(i):
        return _public_post(anonymous, token, f"bench comment {i}")

    def headcount(i):
        data = fields_of(staff.get(report_url).get_data(as_text=True))
        data.update(headcount=str(20 + i % 7), first_time_count="2")
        return staff.post(report_url, data=data).status_code

    def actual(i):
        data = fields_of(staff.get(actual_url).get_data(as_text=True))
        data["actual"] = f"{100 + i % 13}.00"
        return staff.post(actual_url, data=data).status_code

    for write in (public, headcount, actual):  # warm-up
        write(0)
    return {
        "public form post": _timed(clock, repeat, public),
        "headcount": _timed(clock, repeat, headcount),
        "budget actual": _timed(clock, repeat, actual),
    }


def throughput(database_url: str, tokens: list[str], seconds: float = 8.0) -> dict:
    """Post public forms from CLIENTS threads for `seconds`: client i on tokens[i % len]."""
    stop = threading.Event()
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()

    def client(i, base):
        with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as http:
            n = 0
            while not stop.is_set():
                status = _public_post(http, tokens[i % len(tokens)], f"load {i}-{n}")
                n += 1
                with lock:
                    counts["ok" if status == 302 else "errors"] += 1

    with gunicorn_serving(database_url) as base:
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            for i in range(CLIENTS):
                pool.submit(client, i, base)
            began = time.perf_counter()
            time.sleep(seconds)
            stop.set()
        elapsed = time.perf_counter() - began
    return {"per_second": counts["ok"] / elapsed, **counts}
