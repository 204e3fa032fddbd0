"""What a portfolio period's impact report says: a fiscal year's approved programs, narrowed by
every dashboard filter (branch, program type, target group, session dates), gathered in a fixed
number of grouped queries (no Flask view).

Totals, breakdowns and coverage are the dashboard's (reports.portfolio, on the stored results);
this adds the attendance expected, the objectives of the largest programs with their verdicts and
intervals, the comments programmers picked and their lessons learned.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.programs.models import Program
from program_planner.reports.attainment import INSUFFICIENT, attainment, wilson_interval
from program_planner.reports.dashboard.portfolio import Portfolio, portfolio
from program_planner.reports.dashboard.stats import (
    OUTCOME_STATUSES,
    Filters,
    in_period,
    program_conditions,
)
from program_planner.reports.impact.program_data import TEXT_LIMIT, clip, picked_quotes
from program_planner.reports.models import ProgramResult

LARGEST = 3  # programs whose objectives are listed
QUOTES = 4
LESSONS = 4


@dataclass
class PortfolioImpact:
    """Everything the impact report of a fiscal year (and the other filters) shows."""

    filters: Filters
    figures: Portfolio
    expected: int  # attendance expected at the sessions of the year's programs
    objectives: list  # [(program title, ObjectiveResult)] of the largest programs
    quotes: list  # [(program title, comment)]
    lessons: list  # [(program title, lessons)]

    @property
    def fiscal_year(self) -> int | None:
        return self.filters.fiscal_year

    @property
    def empty(self) -> bool:
        return self.figures.empty

    @property
    def total(self):
        return self.figures.total

    @property
    def attendance_share(self) -> float | None:
        return self.total.attendance / self.expected if self.expected else None

    @property
    def satisfaction_interval(self):
        """95 % Wilson interval of the share satisfied (4 or 5 of 5), or None without answers."""
        t = self.total
        return wilson_interval(t.satisfaction_agree, t.satisfaction_n) if t.satisfaction_n else None

    @property
    def enough_evidence(self) -> bool:
        return bool(self.total.objectives_judged)


def _conditions(filters):
    return (*program_conditions(filters), Program.status.in_(OUTCOME_STATUSES))


def _expected(filters) -> int:
    """Return the attendance expected at the sessions counted (those in the period, if any)."""
    stmt = (
        sa.select(sa.func.coalesce(sa.func.sum(Occurrence.expected_attendance), 0))
        .join(Program, Program.id == Occurrence.program_id)
        .where(
            *program_conditions(filters, period=False),
            Program.status.in_(OUTCOME_STATUSES),
            *in_period(Occurrence.starts_at, filters),
        )
    )
    return int(db.session.scalar(stmt) or 0)


def _largest(filters) -> list:
    """Return [(id, title)] of the year's programs with the most attendance (then responses)."""
    stmt = (
        sa.select(Program.id, Program.title)
        .outerjoin(ProgramResult, ProgramResult.program_id == Program.id)
        .where(*_conditions(filters))
        .order_by(
            sa.func.coalesce(ProgramResult.attendance, 0).desc(),
            sa.func.coalesce(ProgramResult.responses, 0).desc(),
            Program.id,
        )
        .limit(LARGEST)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def _lessons(filters) -> list:
    stmt = (
        sa.select(Program.title, Program.lessons_learned)
        .where(*_conditions(filters), Program.lessons_learned != "")
        .order_by(Program.updated_at.desc(), Program.id.desc())
        .limit(LESSONS)
    )
    return [(title, clip(text, TEXT_LIMIT // 2)) for title, text in db.session.execute(stmt)]


def _quotes(filters) -> list:
    ids = sa.select(Program.id).where(*_conditions(filters))
    quotes = picked_quotes(ids, QUOTES)
    titles = dict(
        db.session.execute(
            sa.select(Program.id, Program.title).where(Program.id.in_([p for p, _t in quotes]))
        ).all()
    )
    return [(titles.get(pid, ""), text) for pid, text in quotes]


def portfolio_impact(filters: Filters, labels: dict) -> PortfolioImpact:
    """Return the impact report of the filtered programs (the dashboard's filters, a fiscal year
    among them); labels maps a program type to its name."""
    figures = portfolio(filters, labels)
    if figures.empty:
        return PortfolioImpact(filters, figures, 0, [], [], [])
    largest = _largest(filters)
    results = attainment([pid for pid, _title in largest])
    objectives = [
        (title, r)
        for pid, title in largest
        for r in results.get(pid, [])
        if r.verdict != INSUFFICIENT or r.n
    ]
    return PortfolioImpact(
        filters=filters,
        figures=figures,
        expected=_expected(filters),
        objectives=objectives[:8],
        quotes=_quotes(filters),
        lessons=_lessons(filters),
    )
