"""Portfolio cells: a fiscal year's figures by branch, type, target group, month and year.

reports.results refreshes the cells of every fiscal year a refreshed program was or is in; the
dashboard, unfiltered or filtered by fiscal year only, adds up these rows (a few per branch,
type, group and month) instead of the rows of every program. Any other filter reads the
per-program rows (reports.portfolio_stats).

A program counts in exactly one cell per dimension and year, except target groups (one cell
per group it aims at) and periods (one per month or year it has sessions in) — the same rules
as the per-program queries, so both ways give the same figures.
"""

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.planning.models import ProgramTargetGroup
from program_planner.reports.dashboard.stats import (
    SUMMED,
    Filters,
    by_period,
    program_stats,
    sums,
)
from program_planner.reports.models import PortfolioCell

BRANCH, TYPE, GROUP, MONTH, YEAR = "branch", "type", "group", "month", "year"
FIGURES = ("programs", *SUMMED)
PERIOD_FIGURES = ("programs", "sessions", "attendance", "first_time")


def _lock_year(year: int) -> None:
    """Make transactions refreshing the same fiscal year's cells take turns (PostgreSQL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(7_401_000 + year)))


def current_cells(year: int) -> list[dict]:
    """Return the cells of a fiscal year, computed from the per-program results."""
    stats = program_stats(Filters(fiscal_year=year))
    cells = []

    def add(dimension, key, values, names=FIGURES, **extra):
        cell = {"dimension": dimension, "fiscal_year": year, "key": str(key)}
        cell.update({name: value or 0 for name, value in zip(names, values, strict=False)})
        cell.update(extra)
        cells.append(cell)

    for dimension, column in ((BRANCH, stats.c.branch_id), (TYPE, stats.c.program_type)):
        stmt = sa.select(column, *sums(stats)).group_by(column)
        for key, *values in db.session.execute(stmt):
            add(dimension, key, values)
    group = ProgramTargetGroup.target_group_id
    stmt = (
        sa.select(group, *sums(stats), sa.func.sum(ProgramTargetGroup.expected_reach))
        .join(ProgramTargetGroup, ProgramTargetGroup.program_id == stats.c.program_id)
        .group_by(group)
    )
    for key, *values in db.session.execute(stmt):
        add(GROUP, key, values[:-1], expected_reach=int(values[-1] or 0))
    for dimension in (MONTH, YEAR):
        _unit, rows = by_period(stats, Filters(fiscal_year=year), unit=dimension)
        for figures in rows:
            if figures.sessions:
                values = [getattr(figures, name) for name in PERIOD_FIGURES]
                add(dimension, figures.key, values, PERIOD_FIGURES)
    return [_complete(cell) for cell in cells]


def _complete(cell: dict) -> dict:
    """Give a cell every figure (0 where its dimension has none), as the stored row has."""
    for name in (*FIGURES, "expected_reach"):
        cell.setdefault(name, 0)
    return cell


def refresh_cells(years) -> None:
    """Recompute the cells of these fiscal years in this transaction."""
    for year in sorted({y for y in years if y is not None}):
        _lock_year(year)
        db.session.execute(sa.delete(PortfolioCell).where(PortfolioCell.fiscal_year == year))
        cells = current_cells(year)
        if cells:
            db.session.execute(sa.insert(PortfolioCell), cells)


def stored_years() -> list[int]:
    """Return the fiscal years that have cells."""
    stmt = sa.select(PortfolioCell.fiscal_year).distinct().order_by(PortfolioCell.fiscal_year)
    return list(db.session.scalars(stmt))


def summed_cells(dimension: str, fiscal_year: int | None) -> list[tuple]:
    """Return (key, programs, *SUMMED, expected_reach) of a dimension's cells, summed over the
    fiscal years (or of one year)."""
    c = PortfolioCell
    columns = [sa.func.sum(getattr(c, name)) for name in (*FIGURES, "expected_reach")]
    stmt = sa.select(c.key, *columns).where(c.dimension == dimension).group_by(c.key)
    if fiscal_year is not None:
        stmt = stmt.where(c.fiscal_year == fiscal_year)
    return [tuple(row) for row in db.session.execute(stmt.order_by(c.key))]
