"""What the benchmark measures: pages (time, SQL statements) and the Excel export.

Every function takes the application (bound to a generated database) and returns plain numbers,
so tests/test_benchmark_smoke.py can run them at a tiny scale without asserting any timing.
"""

import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import BENCH_COORDINATOR, make_bench_app  # noqa: E402

BARE_RULE = "/__bench/bare"


def export_function():
    """Return the export's entry point."""
    from program_planner.reports.export.service import write_export

    return write_export


def add_bare_route(app) -> None:
    """Add a route that does nothing, the yardstick of a page's cost (before any request)."""
    if BARE_RULE not in {r.rule for r in app.url_map.iter_rules()}:
        app.add_url_rule(BARE_RULE, "bench_bare", lambda: "ok")


@contextmanager
def statement_counter(app):
    """Count the SQL statements sent to the database while the block runs."""
    from program_planner.extensions import db

    counted = {"n": 0}

    def count(*_args, **_kwargs):
        counted["n"] += 1

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def signed_in_client(app):
    """Return a test client signed in as the benchmark's coordinator."""
    client = app.test_client()
    username, password = BENCH_COORDINATOR
    response = client.post("/login", data={"username": username, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"could not sign in as {username}: {response.status_code}")
    return client


def has_route(app, rule: str) -> bool:
    return rule in {r.rule for r in app.url_map.iter_rules()}


def report_program_id(app) -> int | None:
    """Return the first evaluated program with responses: the same program at every scale."""
    from program_planner.evaluation.models import Response
    from program_planner.extensions import db
    from program_planner.programs.models import Program, Status

    with app.app_context():
        return db.session.scalar(
            sa.select(sa.func.min(Program.id)).where(
                Program.status == Status.EVALUATED,
                sa.exists().where(Response.program_id == Program.id),
            )
        )


class Stopwatch:
    """Wall-clock and CPU time (this process: Python, openpyxl, SQLite) of a block, in seconds.

    On SQLite everything runs in this process, so CPU time is the cost of the work whatever else
    the machine is doing; on PostgreSQL the server works too, so only wall-clock time tells.
    """

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc):
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu

    def times(self) -> dict:
        return {"wall": self.wall, "cpu": self.cpu}


def clock_for(app) -> str:
    """Return the clock whose ratios are fair on this database: "cpu" (SQLite) or "wall"."""
    from program_planner.extensions import db

    with app.app_context():
        return "cpu" if db.engine.dialect.name == "sqlite" else "wall"


def time_page(app, client, url: str, repeat: int = 5) -> dict:
    """GET url: median times of at least `repeat` requests after a warm-up, and its statements."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    with statement_counter(app) as counted:
        client.get(url)
    laps = []
    while len(laps) < repeat or (sum(lap.wall for lap in laps) < 1.0 and len(laps) < 50):
        with Stopwatch() as lap:
            response = client.get(url)
            response.get_data()
        laps.append(lap)
    return {
        "wall": statistics.median(lap.wall for lap in laps),
        "cpu": statistics.median(lap.cpu for lap in laps),
        "requests": len(laps),
        "statements": counted["n"],
        "bytes": len(response.data),
    }


def time_first_dashboard(app) -> dict:
    """Time one dashboard view, the first after writes: it brings the changed programs in."""
    client = signed_in_client(app)
    with Stopwatch() as lap:
        response = client.get("/dashboard")
    if response.status_code != 200:
        raise RuntimeError(f"GET /dashboard answered {response.status_code}")
    return lap.times()


def measure_pages(app, repeat: int = 5) -> dict:
    """Time the bare route, the dashboard and a program's report page, as they exist."""
    add_bare_route(app)
    client = signed_in_client(app)
    pages = {"bare": time_page(app, client, BARE_RULE, repeat=max(repeat, 20))}
    if has_route(app, "/dashboard"):
        pages["dashboard"] = time_page(app, client, "/dashboard", repeat)
    pid = report_program_id(app)
    if has_route(app, "/programs/<int:program_id>/report") and pid:
        pages["report"] = time_page(app, client, f"/programs/{pid}/report", repeat)
        pages["report"]["program_id"] = pid
    return pages


# --- the export ------------------------------------------------------------------------------


def program_ids_for_responses(app, responses: int) -> list[int]:
    """Return the first programs (by id) whose responses add up to at least `responses`."""
    from program_planner.evaluation.models import Response
    from program_planner.extensions import db
    from program_planner.programs.models import Program

    with app.app_context():
        counts = dict(
            db.session.execute(
                sa.select(Response.program_id, sa.func.count()).group_by(Response.program_id)
            ).all()
        )
        ids = db.session.scalars(sa.select(Program.id).order_by(Program.id)).all()
    chosen, total = [], 0
    for pid in ids:
        if total >= responses:
            break
        chosen.append(pid)
        total += counts.get(pid, 0)
    return chosen


def time_export(app, program_ids, out_path) -> dict:
    """Return the times write_export takes to write these programs to out_path."""
    write_export = export_function()
    with app.app_context(), Stopwatch() as watch:
        write_export(program_ids, out_path)
    return watch.times()


def read_cells(path) -> list[tuple[str, list[tuple]]]:
    """Return [(sheet title, rows of values)] of a workbook: the cells the export wrote."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    sheets = []
    for ws in wb.worksheets:
        ws.reset_dimensions()
        sheets.append((ws.title, [tuple(row) for row in ws.iter_rows(values_only=True)]))
    wb.close()
    return sheets


def time_raw_openpyxl(sheets, out) -> dict:
    """Return the times raw openpyxl (write_only) takes to write the same cells."""
    from openpyxl import Workbook

    with Stopwatch() as watch:
        wb = Workbook(write_only=True)
        for title, rows in sheets:
            ws = wb.create_sheet(title)
            for row in rows:
                ws.append(row)
        wb.save(out)
    return watch.times()


def time_pandas(sheets, out) -> dict:
    """Return the times pandas' to_excel takes to write the same rows (frames built before)."""
    import pandas as pd

    frames = []
    for title, rows in sheets:
        width = max((len(r) for r in rows), default=0)
        frames.append((title, pd.DataFrame([r + (None,) * (width - len(r)) for r in rows])))
    with Stopwatch() as watch, pd.ExcelWriter(out, engine="openpyxl") as writer:
        for title, frame in frames:
            frame.to_excel(writer, sheet_name=title, header=False, index=False)
    return watch.times()


def compare_export(app, program_ids, pandas=True) -> dict:
    """Time the export of these programs, then raw openpyxl and pandas writing the same cells."""
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "export.xlsx"
        times = time_export(app, program_ids, exported)
        sheets = read_cells(exported)
        result = {
            "export": times,
            "bytes": exported.stat().st_size,
            "cells": sum(len(r) for _t, rows in sheets for r in rows),
            "sheets": [t for t, _r in sheets],
            "raw_openpyxl": time_raw_openpyxl(sheets, io.BytesIO()),
        }
        if pandas:
            result["pandas"] = time_pandas(sheets, io.BytesIO())
    return result


def export_memory(url: str, limit_program_id: int, traced: bool = False) -> dict:
    """Run the export of programs 1..limit in a fresh process; return its memory figures."""
    command = [sys.executable, str(Path(__file__)), url, str(limit_program_id)]
    output = subprocess.run(
        command + (["--tracemalloc"] if traced else []),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if output.returncode:
        raise RuntimeError(f"memory probe failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def _process_memory() -> dict:
    """Return this process's resident memory now and at its peak, in bytes (Linux /proc)."""
    figures = {}
    try:
        for row in Path("/proc/self/status").read_text().splitlines():
            key, _sep, value = row.partition(":")
            if key in ("VmRSS", "VmHWM"):
                figures[key] = int(value.split()[0]) * 1024
    except (
        OSError
    ):  # not Linux: the peak as resource reports it (kilobytes on Linux, bytes on macOS)
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        figures = {"VmRSS": peak, "VmHWM": peak}
    return figures


def _memory_probe(url: str, limit: int, traced: bool) -> None:
    """In a fresh process: export programs 1..limit; print its memory peaks as JSON.

    rss_growth is the peak resident memory during the export minus the memory before it
    (everything: Python objects, lxml, the database driver). With --tracemalloc, traced_peak is
    the peak of Python allocations during the export (slower: tracemalloc triples the time).
    """
    import tracemalloc

    from program_planner.evaluation.models import Response
    from program_planner.extensions import db
    from program_planner.programs.models import Program

    app = make_bench_app(url)
    write_export = export_function()
    with app.app_context():
        ids = db.session.scalars(sa.select(Program.id).where(Program.id <= limit)).all()
        responses = db.session.scalar(
            sa.select(sa.func.count()).where(Response.program_id <= limit)
        )
        before = _process_memory()["VmRSS"]
        if traced:
            tracemalloc.start()
        began = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            write_export(ids, Path(folder) / "export.xlsx")
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] if traced else None
        tracemalloc.stop()
    after = _process_memory()
    print(
        json.dumps(
            {
                "programs": len(ids),
                "responses": responses,
                "rss_before": before,
                "rss_peak": after["VmHWM"],
                "rss_growth": after["VmHWM"] - before,
                "traced_peak": peak,
                "seconds": seconds,
            }
        )
    )


if __name__ == "__main__":
    _memory_probe(sys.argv[1], int(sys.argv[2]), "--tracemalloc" in sys.argv[3:])


# --- the export as a job -----------------------------------------------------------------------


def export_job_timing(app) -> dict:
    """Time a full export (every program) asked over HTTP, as a job and in the request.

    "ask" is the request that queues the job, read to its last byte (so at least its first);
    "job" is the job's own run; "inline" the same export written inside the request. The rows
    the measurement adds (jobs, audit events) are deleted afterwards: the database is reused;
    the finished-export hooks (the requester's notice) are left out.
    """
    from program_planner.audit.models import AuditEvent
    from program_planner.extensions import db
    from program_planner.jobs import service
    from program_planner.jobs.models import Job

    with app.app_context():
        last_event = db.session.scalar(sa.select(sa.func.max(AuditEvent.id))) or 0
        last_job = db.session.scalar(sa.select(sa.func.max(Job.id))) or 0
    client = signed_in_client(app)
    hooks = service.FINISHED_HOOKS.pop("export", None)  # no notice rows left in the database
    asks, works, inlines = [], [], []
    for _round in range(3):  # each three times, the fastest kept: no order or warm-up effect
        real_dispatch = service.dispatch
        service.dispatch = lambda _ids: True  # no worker: the job is run below
        try:
            with Stopwatch() as ask:
                response = client.post("/export", data={})
                response.get_data()
        finally:
            service.dispatch = real_dispatch
        location = response.headers.get("Location", "")
        if response.status_code != 302 or "/jobs/" not in location:
            raise RuntimeError(f"POST /export started no job: {response.status_code} {location}")
        job_id = int(location.rsplit("/", 1)[-1])
        with app.app_context(), Stopwatch() as work:
            outcome = service.run(job_id)
        if outcome != "done":
            raise RuntimeError(f"the export job ended {outcome}")
        with app.app_context():
            job = db.session.get(Job, job_id)
            programs, size = len(job.params["program_ids"]), job.result_size
        before = app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"]
        app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"] = 10**9
        try:
            with Stopwatch() as inline:
                response = client.post("/export", data={})
                inline_bytes = len(response.get_data())
        finally:
            app.config["EXPORT_IN_REQUEST_MAX_PROGRAMS"] = before
        asks.append(ask.times())
        works.append(work.times())
        inlines.append(inline.times())
    if hooks is not None:
        service.FINISHED_HOOKS["export"] = hooks
    with app.app_context():
        db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id > last_event))
        db.session.execute(sa.delete(Job).where(Job.id > last_job))
        db.session.commit()
    return {
        "programs": programs,
        "bytes": size,
        "inline_bytes": inline_bytes,
        "ask": _fastest(asks),
        "job": _fastest(works),
        "inline": _fastest(inlines),
    }


def _fastest(laps: list[dict]) -> dict:
    """Return the least wall-clock and the least CPU time of the laps."""
    return {"wall": min(lap["wall"] for lap in laps), "cpu": min(lap["cpu"] for lap in laps)}
