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

import sqlalchemy as sa

from program_planner.auth.models import Branch
from program_planner.extensions import db
from program_planner.planning.models import ProgramTargetGroup, TargetGroup
from program_planner.programs.models import Program
from program_planner.reports.portfolio_coverage import coverage
from program_planner.reports.portfolio_stats import (
    Figures,
    Filters,
    by_period,
    figures_of,
    in_period,
    program_conditions,
    program_stats,
    sums,
)


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

    @property
    def empty(self) -> bool:
        return self.total.programs == 0

    @property
    def people_consulted(self) -> int:
        return self.responses + self.debriefs


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
    """Return the dashboard's figures; labels maps a program type value to its name."""
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
        TargetGroup.name,
        join=lambda s: s.join(
            ProgramTargetGroup, ProgramTargetGroup.program_id == stats.c.program_id
        ).join(TargetGroup, TargetGroup.id == ProgramTargetGroup.target_group_id),
        order_by=[TargetGroup.name, TargetGroup.id],
    )
    unit, periods = by_period(stats, filters)
    grouped = (by_branch, by_type, by_group, periods, unit)
    return Portfolio(total, *grouped, rows, median, total.responses, total.debriefs, created)


def filter_choices():
    """Return (branches [(id, name)], target groups [(id, name)], fiscal years) to filter by."""
    branches = db.session.execute(sa.select(Branch.id, Branch.name).order_by(Branch.name)).all()
    groups = db.session.execute(
        sa.select(TargetGroup.id, TargetGroup.name).order_by(TargetGroup.name)
    ).all()
    years = db.session.scalars(
        sa.select(Program.fiscal_year).distinct().order_by(Program.fiscal_year.desc())
    ).all()
    return branches, groups, years
