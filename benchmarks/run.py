"""make bench: build the library system at two scales and print ratios that do not depend on the
machine's speed: export against raw openpyxl and pandas, export memory at 10× the responses,
dashboard and report page at full scale against 1/100 scale, and statements per page.

    .venv/bin/python benchmarks/run.py             # full scale (20,000 programs) vs 1/100
    .venv/bin/python benchmarks/run.py --scale 0.1 # 1/10 vs 1/1000, for a quick look
    BENCH_DATABASE_URL=postgresql+psycopg://... .venv/bin/python benchmarks/run.py

SQLite databases are kept in instance/bench/ (or $BENCH_DIR) and reused while the generator
is unchanged (--fresh rebuilds them). With BENCH_DATABASE_URL both scales are generated in
turn into that one database, whose tables are dropped first.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import community, impact, measure, pages, writes  # noqa: E402
from benchmarks.generate import (  # noqa: E402
    GENERATOR_VERSION,
    bench_database_url,
    existing_scale,
    generate,
    make_bench_app,
)

TARGETS = {
    "raw": 1.3,
    "pandas": 0.5,
    "memory": 1.2,
    "dashboard": 1.5,
    "report": 1.5,
    "impact_program": 1.5,  # the one-page impact report PDF of a program
    "impact_portfolio": 1.5,  # the impact report PDF of the largest fiscal year
    "impact_memory": 1.2,
    **dict.fromkeys(pages.NAMES, 1.5),  # the everyday pages of each role
    # a feed's first rendering holds every session of its window, so it grows with the library by
    # design: reported, not judged (its polls, 304 or from the stored copy, are the target)
    pages.FEED_FIRST: None,
    "engagement": 1.5,  # the engagement measures, all branches, the last 12 months
    "needs_register": 1.5,
    "survey_results": 1.5,
    "write": 1.3,
    "one_form": 0.8,
    "scaled_throughput": 0.8,
    "export_request": 2.0,  # seconds to the first byte of a full export request (a job)
    "job_vs_request": 1.2,
}


def scale_name(scale: float) -> str:
    if scale == 1:
        return "full scale"
    return f"1/{round(1 / scale):,} scale" if scale < 1 else f"{scale:g}× scale"


def prepared(scale: float, fresh: bool):
    """Return (app, url, row counts, generation seconds or None when reused) of a scale."""
    url = bench_database_url(scale)
    app = make_bench_app(url)
    info = existing_scale(app)
    reusable = (
        not fresh
        and not os.environ.get("BENCH_DATABASE_URL")
        and info is not None
        and info.get("scale") == f"{scale:g}"
        and info.get("version") == GENERATOR_VERSION
    )
    if reusable:
        print(f"  reusing {scale_name(scale)} data in {url}")
        return app, url, {k: int(v) for k, v in info.items() if v.isdigit()}, None
    print(f"  generating {scale_name(scale)} data in {url} …", flush=True)
    counts = generate(app, scale, echo=lambda line: print("  " + line, flush=True))
    return app, url, counts, counts["seconds"]


def dispose(app) -> None:
    from program_planner.extensions import db

    with app.app_context():
        db.engine.dispose()


def verdict(value, target, higher=False) -> str:
    if value is None:
        return "n/a"
    return "ok" if (value >= target if higher else value <= target) else "MISSED"


def line(label: str, value, target, detail: str = "", higher=False) -> None:
    shown = "—" if value is None else f"{value:6.2f}"
    if target is None:
        print(f"  {label:<52} {shown:>6}   no target          {detail}")
        return
    sign = "≥" if higher else "≤"
    mark = verdict(value, target, higher)
    print(f"  {label:<52} {shown:>6}   target {sign} {target:<4} {mark:<6} {detail}")


def mb(n_bytes) -> str:
    return f"{n_bytes / 1_048_576:.1f} MB"


def page_lines(name, small, big, scale, small_scale, clock) -> None:
    if name not in big or name not in small:
        print(f"  {name}: route not found — skipped (not built yet)")
        return
    a, b = small[name], big[name]
    ratio = b[clock] / a[clock]
    line(
        f"{name} time, {scale_name(scale)} ÷ {scale_name(small_scale)}",
        ratio,
        TARGETS[name],
        f"{b[clock] * 1000:.0f} ms vs {a[clock] * 1000:.0f} ms; "
        f"statements {b['statements']} vs {a['statements']}",
    )
    print(
        f"  {'':<52} {name} ÷ bare Flask route: {b[clock] / big['bare'][clock]:.0f}× "
        f"at {scale_name(scale)}, {a[clock] / small['bare'][clock]:.0f}× "
        f"at {scale_name(small_scale)}"
    )


def impact_lines(small, big, scale, small_scale, clock) -> None:
    """The impact report PDFs: time (like a page) and peak Python memory, full ÷ 1/100."""
    for name in ("impact_program", "impact_portfolio"):
        page_lines(name, small, big, scale, small_scale, clock)
        if name in big and name in small:
            line(
                f"  {name} peak Python memory, same ratio",
                big[name]["peak"] / small[name]["peak"],
                TARGETS["impact_memory"],
                f"{mb(big[name]['peak'])} vs {mb(small[name]['peak'])}; {big[name]['url']}",
            )


def everyday_lines(small, big, scale, small_scale, clock) -> None:
    """The pages each role opens every day, full ÷ 1/100; a page that was refused says so."""
    for name in pages.NAMES:
        refused = big.get(name, {}).get("error") or small.get(name, {}).get("error")
        if refused:
            print(f"  {name}: {refused}")
            continue
        page_lines(name, small, big, scale, small_scale, clock)
        if name in big:
            print(f"  {'':<52} {big[name]['bytes']:,} vs {small[name]['bytes']:,} bytes")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Program Planner benchmark")
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument("--fresh", action="store_true", help="regenerate the data")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    parser.add_argument("--no-pandas", action="store_true", help="skip the pandas comparison")
    parser.add_argument("--no-load", action="store_true", help="skip the 20-client load test")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (3× slower)"
    )
    args = parser.parse_args(argv)
    scale, small_scale = args.scale, args.scale / 100
    backend = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    print(
        f"Program Planner benchmark — {backend}, {scale_name(scale)} vs {scale_name(small_scale)}"
    )

    small_app, small_url, _counts, _s = prepared(small_scale, args.fresh)
    clock = measure.clock_for(small_app)
    small_pages = measure.measure_pages(small_app, args.repeat)
    small_pages.update(impact.measure_impact(small_app))
    small_pages.update(community.measure_community(small_app, args.repeat))
    small_pages.update(pages.measure_everyday_pages(small_app, args.repeat))
    small_targets = writes.write_targets(small_app)
    small_writes = writes.cpu_per_write(small_app, small_targets)
    small_after = measure.time_first_dashboard(small_app)  # brings the writes in
    dispose(small_app)
    small_load = None if args.no_load else writes.throughput(small_url, small_targets["tokens"])

    app, url, counts, seconds = prepared(scale, args.fresh)
    big_pages = measure.measure_pages(app, args.repeat)
    big_pages.update(impact.measure_impact(app))
    big_pages.update(community.measure_community(app, args.repeat))
    big_pages.update(pages.measure_everyday_pages(app, args.repeat))
    targets = writes.write_targets(app)
    big_writes = writes.cpu_per_write(app, targets)
    big_after = measure.time_first_dashboard(app)
    total = counts.get("responses", 0)
    subset = measure.program_ids_for_responses(app, total // 10)
    compared = measure.compare_export(app, subset, pandas=not args.no_pandas)
    memory_small = measure.export_memory(url, max(subset), args.tracemalloc)
    memory_big = measure.export_memory(url, counts.get("programs", 0), args.tracemalloc)
    as_job = measure.export_job_timing(app)
    dispose(app)
    if not args.no_load:
        one_form = writes.throughput(url, targets["tokens"][:1])
        many_forms = writes.throughput(url, targets["tokens"])

    clock_name = "CPU time of this process" if clock == "cpu" else "wall-clock time"
    print()
    print(
        f"Data at {scale_name(scale)}: "
        + ", ".join(
            f"{counts.get(t, 0):,} {t}"
            for t in ("branches", "programs", "occurrences", "responses", "answers")
        )
        + (f" (generated in {seconds:.0f} s)" if seconds is not None else " (reused)")
    )
    print(
        f"\nExcel export of {len(subset):,} programs ({memory_small['responses']:,} responses, "
        f"{compared['cells']:,} cells, {mb(compared['bytes'])}): "
        f"{compared['export'][clock]:.2f} s ({clock_name})"
    )
    line(
        "export time ÷ raw openpyxl write_only, same cells",
        compared["export"][clock] / compared["raw_openpyxl"][clock],
        TARGETS["raw"],
        f"raw {compared['raw_openpyxl'][clock]:.2f} s",
    )
    if "pandas" in compared:
        line(
            "export time ÷ pandas to_excel, same rows",
            compared["export"][clock] / compared["pandas"][clock],
            TARGETS["pandas"],
            f"pandas {compared['pandas'][clock]:.2f} s",
        )
    line(
        f"export peak memory, {memory_big['responses']:,} ÷ "
        f"{memory_small['responses']:,} responses",
        memory_big["rss_growth"] / memory_small["rss_growth"],
        TARGETS["memory"],
        f"peak RSS growth {mb(memory_big['rss_growth'])} vs {mb(memory_small['rss_growth'])}",
    )
    if args.tracemalloc:
        line(
            "  the same, Python allocations (tracemalloc)",
            memory_big["traced_peak"] / memory_small["traced_peak"],
            TARGETS["memory"],
            f"{mb(memory_big['traced_peak'])} vs {mb(memory_small['traced_peak'])}",
        )
    print(
        f"  {'':<52} whole process peak RSS {mb(memory_big['rss_peak'])} vs "
        f"{mb(memory_small['rss_peak'])}; export of all {memory_big['programs']:,} programs "
        f"took {memory_big['seconds']:.1f} s (wall-clock)"
    )
    print(
        f"\nFull export over HTTP as a job ({as_job['programs']:,} programs, "
        f"{mb(as_job['bytes'])}): the job {as_job['job']['wall']:.1f} s, the same export "
        f"in the request {as_job['inline']['wall']:.1f} s (wall-clock)"
    )
    line(
        "request that queues it, to its last byte, seconds",
        as_job["ask"]["wall"],
        TARGETS["export_request"],
        f"{as_job['ask']['wall'] * 1000:.0f} ms",
    )
    line(
        "job time ÷ in-request export time",
        as_job["job"][clock] / as_job["inline"][clock],
        TARGETS["job_vs_request"],
        f"{as_job['job'][clock]:.2f} s vs {as_job['inline'][clock]:.2f} s ({clock})",
    )
    print(
        f"\nPages (median {clock_name} of ≥ {args.repeat} requests after a warm-up; "
        "SQL statements per request)"
    )
    page_lines("dashboard", small_pages, big_pages, scale, small_scale, clock)
    page_lines("report", small_pages, big_pages, scale, small_scale, clock)
    if "report" in big_pages:
        print(f"  {'':<52} report of program {big_pages['report']['program_id']} at both scales")
    impact_lines(small_pages, big_pages, scale, small_scale, clock)
    for name in community.PAGES:
        page_lines(name, small_pages, big_pages, scale, small_scale, clock)
    print(
        f"  {'':<52} community rows {big_pages['community_counts']} vs "
        f"{small_pages['community_counts']}"
    )
    everyday_lines(small_pages, big_pages, scale, small_scale, clock)
    print(
        f"  {'':<52} first dashboard after the writes below (brings them in): "
        f"{big_after[clock] * 1000:.0f} ms vs {small_after[clock] * 1000:.0f} ms"
    )

    print(f"\nWrites (median {clock_name} of 20 in-process requests each)")
    for name, big in big_writes.items():
        small = small_writes[name]
        line(
            f"{name}, {scale_name(scale)} ÷ {scale_name(small_scale)}",
            big / small,
            TARGETS["write"],
            f"{big * 1000:.1f} ms vs {small * 1000:.1f} ms",
        )
    if not args.no_load:
        print(f"\nLoad: {writes.CLIENTS} clients posting public forms to gunicorn (2 × 4 threads)")
        for label, result in (
            (f"one form, {scale_name(scale)}", one_form),
            (f"{len(targets['tokens'])} forms, {scale_name(scale)}", many_forms),
            (f"{len(small_targets['tokens'])} forms, {scale_name(small_scale)}", small_load),
        ):
            print(
                f"  {label:<52} {result['per_second']:.1f} posts/s, {result['ok']} stored, "
                f"{result['errors']} errors"
            )
        line(
            "throughput on one form ÷ on 20 forms",
            one_form["per_second"] / many_forms["per_second"],
            TARGETS["one_form"],
            "target is a minimum",
            higher=True,
        )
        line(
            f"throughput, {scale_name(scale)} ÷ {scale_name(small_scale)}",
            many_forms["per_second"] / small_load["per_second"],
            TARGETS["scaled_throughput"],
            "target is a minimum",
            higher=True,
        )


if __name__ == "__main__":
    main()
