"""The portfolio dashboard: outcome figures across programs, grouped four ways, and coverage.

Every figure is aggregated in SQL (GROUP BY) over one per-program statistics CTE built on the
stored per-program results (reports.results: sessions, people, money, ratings and objective
verdicts, refreshed on every write), so no request scans every answer of the portfolio. The
number of statements does not depend on the data.

Outcome figures count programs that were approved (approved, scheduled, delivered, evaluated,
closed): drafts, proposals under review and declined or cancelled programs are left out. "New
programs designed" counts programs of every status.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from program_planner.auth.models import Branch
from program_planner.extensions import db
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Program
from program_planner.reports.dashboard.cells import BRANCH, GROUP, MONTH, TYPE, YEAR, summed_cells
from program_planner.reports.dashboard.coverage import Coverage, coverage, mark_under_served
from program_planner.reports.dashboard.stats import (
    COUNTED,
    Figures,
    Filters,
    buckets,
    by_period,
    figures_of,
    in_period,
    program_conditions,
    program_stats,
    sums,
)
from program_planner.reports.engagement.measures import people_consulted


@dataclass
class Portfolio:
    """Everything the dashboard shows."""

    total: Figures
    by_branch: list
    by_type: list
    by_target_group: list
    by_period: list
    period_unit: str  # "month" or "year"
    coverage: list
    median_share: float | None
    responses: int
    debriefs: int
    new_programs: int
    people_consulted: int = 0  # consultations and community survey responses (engagement)

    @property
    def empty(self) -> bool:
        return self.total.programs == 0


# --- Breakdowns ----------------------------------------------------------------------------------


def _grouped(stats, key_columns, label_column, join=None, order_by=None):
    """Return [Figures] grouped by key_columns, with label_column as the label."""
    stmt = sa.select(*key_columns, label_column, *sums(stats)).select_from(stats)
    if join is not None:
        stmt = join(stmt)
    stmt = stmt.group_by(*key_columns, label_column).order_by(*(order_by or [label_column]))
    width = len(key_columns)
    return [
        figures_of(row[0] if width == 1 else tuple(row[:width]), row[width], row[width + 1 :])
        for row in db.session.execute(stmt)
    ]


def new_programs(filters: Filters) -> int:
    """Count programs of every status created in the period, with the other filters."""
    conditions = program_conditions(filters, period=False)
    conditions += in_period(Program.created_at, filters)
    return db.session.scalar(sa.select(sa.func.count(Program.id)).where(*conditions)) or 0


def portfolio(filters: Filters, labels) -> Portfolio:
    """Return the dashboard's figures, with the people consulted of the engagement measures."""
    result = outcome_portfolio(filters, labels)
    result.people_consulted = people_consulted(
        filters.date_from, filters.date_to, filters.branch_id
    )
    return result


def outcome_portfolio(filters: Filters, labels) -> Portfolio:
    """Return the dashboard's outcome figures; labels maps a program type value to its name.

    Unfiltered, or filtered by fiscal year only, the figures are the sums of the portfolio
    cells; any other filter selects programs, and their per-program rows are summed.
    """
    if uses_cells(filters):
        return portfolio_from_cells(filters, labels)
    stats = program_stats(filters)
    total = figures_of(None, "", db.session.execute(sa.select(*sums(stats))).one())
    rows, median = coverage(program_stats(filters, target_group=False, name="coverage_stats"))
    created = new_programs(filters)
    if total.programs == 0:
        return Portfolio(total, [], [], [], [], "month", rows, median, 0, 0, created)
    by_branch = _grouped(
        stats,
        [Branch.id],
        Branch.name,
        join=lambda s: s.join(Branch, Branch.id == stats.c.branch_id),
        order_by=[Branch.name, Branch.id],
    )
    by_type = _grouped(stats, [stats.c.program_type], stats.c.program_type)
    for figures in by_type:
        figures.label = labels.get(str(figures.key), str(figures.key))
    by_type.sort(key=lambda f: str(f.label))
    by_group = _grouped(
        stats,
        [TargetGroup.id],
        TargetGroup.name_column(),
        join=lambda s: s.join(
            ProgramTargetGroup, ProgramTargetGroup.program_id == stats.c.program_id
        ).join(TargetGroup, TargetGroup.id == ProgramTargetGroup.target_group_id),
        order_by=[TargetGroup.name_column(), TargetGroup.id],
    )
    unit, periods = by_period(stats, filters)
    grouped = (by_branch, by_type, by_group, periods, unit)
    return Portfolio(total, *grouped, rows, median, total.responses, total.debriefs, created)


def uses_cells(filters: Filters) -> bool:
    """Whether the portfolio cells answer these filters (none, or a fiscal year only)."""
    return not (
        filters.branch_id
        or filters.program_type
        or filters.target_group_id
        or filters.date_from
        or filters.date_to
    )


def _cell_figures(dimension, year, labels: dict) -> list[Figures]:
    """Return the Figures of a dimension's cells, labelled, with their expected reach."""
    rows = []
    for key, *values in summed_cells(dimension, year):
        figures = figures_of(key, labels.get(key, key), values[:-1])
        figures.expected_reach = int(values[-1] or 0)
        rows.append(figures)
    return rows


def _sum_figures(rows) -> Figures:
    """Return the totals of several groups of distinct programs."""
    total = Figures(verdicts={verdict: 0 for verdict in Figures().verdicts})
    for figures in rows:
        for name in COUNTED:
            setattr(total, name, getattr(total, name) + getattr(figures, name))
        for verdict, count in figures.verdicts.items():
            total.verdicts[verdict] += count
    return total


def _periods_from_cells(year) -> tuple[str, list]:
    """Return (unit, [Figures]) by local month, or by year when the span is long."""
    months = {f.key: f for f in _cell_figures(MONTH, year, {})}
    if not months:
        return "month", []
    first, last = (date.fromisoformat(f"{key}-01") for key in (min(months), max(months)))
    unit, chosen = buckets(first, last)
    found = months if unit == "month" else {f.key: f for f in _cell_figures(YEAR, year, {})}
    return unit, [found.get(label) or Figures(label, label) for label, _lo, _hi in chosen]


def _coverage_from_cells(groups, year):
    """Return ([Coverage], median share) of every target group, from the group cells."""
    reach = {f.key: f for f in _cell_figures(GROUP, year, {})}
    rows = []
    for gid, name, population, population_year, active in groups:
        figures = reach.get(str(gid))
        if active or figures is not None:
            counts = (
                (figures.programs, figures.expected_reach, figures.attendance)
                if figures
                else (0, 0, 0)
            )
            rows.append(Coverage(gid, name, population, population_year, *counts))
    return rows, mark_under_served(rows)


def portfolio_from_cells(filters: Filters, labels) -> Portfolio:
    """Return the dashboard's figures (no filter or a fiscal year) from the portfolio cells."""
    year = filters.fiscal_year
    groups = db.session.execute(
        sa.select(
            TargetGroup.id,
            TargetGroup.name_column().label("name"),
            TargetGroup.population_estimate,
            TargetGroup.population_year,
            TargetGroup.active,
        ).order_by(TargetGroup.name_column(), TargetGroup.id)
    ).all()
    by_type = _cell_figures(TYPE, year, {str(k): str(v) for k, v in labels.items()})
    by_type.sort(key=lambda f: str(f.label))
    total = _sum_figures(by_type)
    rows, median = _coverage_from_cells(groups, year)
    created = new_programs(filters)
    if total.programs == 0:
        return Portfolio(total, [], [], [], [], "month", rows, median, 0, 0, created)
    names = dict(db.session.execute(sa.select(Branch.id, Branch.name)).all())
    by_branch = _cell_figures(BRANCH, year, {str(k): v for k, v in names.items()})
    for figures in by_branch:
        figures.key = int(figures.key)
    by_branch.sort(key=lambda f: (f.label, f.key))
    by_group = _cell_figures(GROUP, year, {str(g.id): g.name for g in groups})
    order = {g.id: i for i, g in enumerate(groups)}
    for figures in by_group:
        figures.key = int(figures.key)
    by_group.sort(key=lambda f: order.get(f.key, len(order)))
    unit, periods = _periods_from_cells(year)
    grouped = (by_branch, by_type, by_group, periods, unit)
    return Portfolio(total, *grouped, rows, median, total.responses, total.debriefs, created)


def filter_choices():
    """Return (branches [(id, name)], target groups [(id, name)], fiscal years) to filter by."""
    branches = db.session.execute(sa.select(Branch.id, Branch.name).order_by(Branch.name)).all()
    groups = db.session.execute(
        sa.select(TargetGroup.id, TargetGroup.name_column()).order_by(TargetGroup.name_column())
    ).all()
    # the first and last year come from the index's two ends; a DISTINCT would read every program
    first, last = db.session.execute(
        sa.select(sa.func.min(Program.fiscal_year), sa.func.max(Program.fiscal_year))
    ).one()
    years = list(range(last, first - 1, -1)) if first is not None else []
    return branches, groups, years
