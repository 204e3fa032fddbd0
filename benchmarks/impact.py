"""The impact report PDFs at scale: a program's one page and the largest fiscal year's portfolio.

Each is timed through HTTP like a page (measure.time_page: median of several requests, SQL
statements counted) and its peak of Python allocations is traced over one more request
(tracemalloc; WeasyPrint's Pango and cairo memory is not Python's and is left out).
"""

import tracemalloc

import sqlalchemy as sa

from benchmarks.measure import has_route, report_program_id, signed_in_client, time_page

PROGRAM_RULE = "/programs/<int:program_id>/impact.pdf"
PORTFOLIO_RULE = "/dashboard/impact.pdf"


def largest_fiscal_year(app) -> int | None:
    """Return the fiscal year with the most approved programs."""
    from program_planner.extensions import db
    from program_planner.programs.models import PUBLISHED_STATUSES, Program

    with app.app_context():
        return db.session.scalar(
            sa.select(Program.fiscal_year)
            .where(Program.status.in_(PUBLISHED_STATUSES))
            .group_by(Program.fiscal_year)
            .order_by(sa.func.count().desc(), Program.fiscal_year.desc())
            .limit(1)
        )


def traced_peak(client, url) -> int:
    """Return the peak of Python allocations (bytes) while one GET of url is served."""
    tracemalloc.start()
    try:
        response = client.get(url)
        response.get_data()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure_impact(app, repeat: int = 3) -> dict:
    """Return {"impact_program": ..., "impact_portfolio": ...}: times, statements, peak memory."""
    client = signed_in_client(app)
    urls = {}
    pid = report_program_id(app)
    if has_route(app, PROGRAM_RULE) and pid:
        urls["impact_program"] = f"/programs/{pid}/impact.pdf"
    year = largest_fiscal_year(app)
    if has_route(app, PORTFOLIO_RULE) and year:
        urls["impact_portfolio"] = f"{PORTFOLIO_RULE}?fiscal_year={year}"
    measured = {}
    for name, url in urls.items():
        measured[name] = time_page(app, client, url, repeat)
        measured[name]["peak"] = traced_peak(client, url)
        measured[name]["url"] = url
    return measured
