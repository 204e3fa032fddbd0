"""Coverage of the community profile: each target group's reach against its population."""

from dataclasses import dataclass

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.planning.models import ProgramTargetGroup, TargetGroup

UNDER_SERVED_FRACTION = 0.5  # under-served: share below half the median share


@dataclass
class Coverage:
    """A target group's reach against its population estimate."""

    group_id: int
    name: str
    population: int | None
    population_year: int | None
    programs: int
    expected_reach: int
    attendance: int
    under_served: bool = False

    @property
    def share(self) -> float | None:
        """Expected reach (people) as a share of the population estimate."""
        if not self.population:
            return None
        return self.expected_reach / self.population


def coverage(stats):
    """Return ([Coverage], median share): every target group against its population estimate.

    stats is the per-program statistics CTE of the selected programs (reports.portfolio
    program_stats, built without the target-group filter: coverage compares all groups). A group is
    under-served when no selected program aims at it, or when its share (expected reach ÷
    population estimate) is below half the median share of the groups with an estimate that
    some program aims at.
    """
    reach = (
        sa.select(
            ProgramTargetGroup.target_group_id.label("group_id"),
            sa.func.count(stats.c.program_id).label("programs"),
            sa.func.sum(ProgramTargetGroup.expected_reach).label("expected"),
            sa.func.sum(stats.c.attendance).label("attendance"),
        )
        .join(stats, stats.c.program_id == ProgramTargetGroup.program_id)
        .group_by(ProgramTargetGroup.target_group_id)
        .subquery()
    )
    stmt = (
        sa.select(
            TargetGroup.id,
            TargetGroup.name_column(),
            TargetGroup.population_estimate,
            TargetGroup.population_year,
            sa.func.coalesce(reach.c.programs, 0),
            sa.func.coalesce(reach.c.expected, 0),
            sa.func.coalesce(reach.c.attendance, 0),
        )
        .outerjoin(reach, reach.c.group_id == TargetGroup.id)
        .where(sa.or_(TargetGroup.active, reach.c.programs > 0))
        .order_by(TargetGroup.name_column(), TargetGroup.id)
    )
    rows = [
        Coverage(gid, name, pop, year, int(n), int(expected), int(att))
        for gid, name, pop, year, n, expected, att in db.session.execute(stmt)
    ]
    return rows, mark_under_served(rows)


def mark_under_served(rows) -> float | None:
    """Flag the under-served groups in rows; return the median share used."""
    shares = sorted(r.share for r in rows if r.share is not None and r.programs)
    median = None
    if shares:
        middle = len(shares) // 2
        median = shares[middle] if len(shares) % 2 else (shares[middle - 1] + shares[middle]) / 2
    for row in rows:
        low = (
            median is not None
            and row.share is not None
            and (row.share < median * UNDER_SERVED_FRACTION)
        )
        row.under_served = row.programs == 0 or low
    return median
