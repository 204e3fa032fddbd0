"""Budget rules: lines, actual costs, totals and the roll-up across programs."""

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from program_planner.auth.models import Branch
from program_planner.extensions import db
from program_planner.planning.models import (
    MONEY,
    BudgetCategory,
    BudgetCell,
    BudgetLine,
    FundingSource,
)
from program_planner.planning.service import clean_text, rows_by_program
from program_planner.programs.items import ItemError
from program_planner.programs.models import INACTIVE_STATUSES, Program

# --- Budget ---------------------------------------------------------------------------------


@dataclass
class Budget:
    """A program's budget lines and their totals."""

    lines: list = field(default_factory=list)
    planned: Decimal = Decimal(0)
    actual: Decimal | None = None  # None until an actual amount is recorded
    variance: Decimal | None = None  # actual − planned, over the lines whose actual is known


def _variance_sum():
    """SUM(actual − planned) over the lines whose actual amount is known."""
    return sa.func.sum(
        sa.case(
            (BudgetLine.actual.is_not(None), BudgetLine.actual - BudgetLine.planned),
            else_=None,
        ),
        type_=MONEY,
    )


def _money_totals():
    return (
        sa.func.coalesce(sa.func.sum(BudgetLine.planned, type_=MONEY), 0).label("planned"),
        sa.func.sum(BudgetLine.actual, type_=MONEY).label("actual"),
        _variance_sum().label("variance"),
    )


def load_budgets(programs):
    """Return each program's Budget: its lines, and totals summed by the database."""
    lines = rows_by_program(BudgetLine, programs, (BudgetLine.category, BudgetLine.id))
    ids = [p.id for p in programs]
    totals = {
        row.program_id: row
        for row in db.session.execute(
            sa.select(BudgetLine.program_id, *_money_totals())
            .where(BudgetLine.program_id.in_(ids))
            .group_by(BudgetLine.program_id)
        )
    }
    budgets = {}
    for pid in ids:
        total = totals.get(pid)
        budget = Budget(lines=lines[pid])
        if total is not None:
            budget.planned, budget.actual, budget.variance = (
                Decimal(total.planned),
                total.actual,
                total.variance,
            )
        budgets[pid] = budget
    return budgets


def save_budget_line(program, line, form) -> BudgetLine:
    """Create or change a budget line (the proposal is still open)."""
    if line is None:
        line = BudgetLine(program_id=program.id)
        db.session.add(line)
    if line.presenter_id is not None and form.planned.data != line.planned:
        raise ItemError(
            _("This amount is the presenter's fee. Change it on the presenter."), "planned"
        )
    line.category = form.category.data
    line.funding_source = form.funding_source.data
    line.description = clean_text(form.description.data)
    line.planned = form.planned.data
    line.actual = form.actual.data
    db.session.flush()
    return line


def fee_line(presenter_id: int) -> BudgetLine | None:
    """Return the budget line of a presenter's fee, if it has one."""
    return db.session.scalar(sa.select(BudgetLine).where(BudgetLine.presenter_id == presenter_id))


def _adopt_typed_line(program_id: int, fee: Decimal) -> BudgetLine | None:
    """Return an unlinked presenter-fee line of that amount, typed before fees were linked."""
    return db.session.scalar(
        sa.select(BudgetLine)
        .where(
            BudgetLine.program_id == program_id,
            BudgetLine.presenter_id.is_(None),
            BudgetLine.category == BudgetCategory.PRESENTER_FEE,
            BudgetLine.planned == fee,
        )
        .order_by(BudgetLine.id)
        .limit(1)
    )


def sync_fee_line(program_id: int, presenter_id: int, name: str, fee: Decimal, before: Decimal):
    """Keep a presenter's fee in the budget as one line: add, change or remove it with the fee.

    before is the fee as it was, so a line typed by hand for it earlier is taken over rather than
    counted twice. A line whose actual cost is recorded keeps it when the fee goes to zero.
    """
    line = fee_line(presenter_id)
    if line is None and before:
        line = _adopt_typed_line(program_id, before)
    if not fee:
        if line is not None and line.actual is None:
            db.session.delete(line)
        elif line is not None:
            line.planned, line.presenter_id = Decimal(0), presenter_id
        db.session.flush()
        return
    if line is None:
        line = BudgetLine(
            program_id=program_id,
            category=BudgetCategory.PRESENTER_FEE,
            funding_source=FundingSource.OPERATING,
        )
        db.session.add(line)
    line.presenter_id, line.planned = presenter_id, fee
    line.description = clean_text(name)[:300]
    db.session.flush()


def refuse_fee_line_delete(program, line) -> None:
    """Refuse to delete a presenter's fee line: the fee is changed on the presenter."""
    if line.presenter_id is not None:
        raise ItemError(
            _("This line is a presenter's fee. Change or remove the fee on the presenter.")
        )


def save_budget_actual(program, line, form) -> BudgetLine:
    """Record what a line actually cost; its planned amount stays as approved."""
    if line is None:
        raise ItemError(_("Budget lines are added to the proposal while it is a draft."))
    line.actual = form.actual.data
    db.session.flush()
    return line


@dataclass
class Rollup:
    """Budget totals across programs: overall, and grouped four ways."""

    total: object
    by_branch: list
    by_year: list
    by_category: list
    by_source: list


def budget_rollup(fiscal_year: int | None = None, branch_id: int | None = None) -> Rollup:
    """Add up the stored budget cells (brought up to date first), grouped four ways.

    Declined and cancelled programs are left out. A handful of rows per branch and year are
    summed, whatever the number of budget lines.
    """
    money = (
        sa.func.coalesce(sa.func.sum(BudgetCell.planned, type_=MONEY), 0).label("planned"),
        sa.func.sum(BudgetCell.actual, type_=MONEY).label("actual"),
        sa.func.sum(BudgetCell.variance, type_=MONEY).label("variance"),
        sa.func.coalesce(sa.func.sum(BudgetCell.programs), 0).label("programs"),
    )

    def cells(dimension):
        stmt = sa.select(*money).where(BudgetCell.dimension == dimension)
        if fiscal_year is not None:
            stmt = stmt.where(BudgetCell.fiscal_year == fiscal_year)
        if branch_id is not None:
            stmt = stmt.where(BudgetCell.branch_id == branch_id)
        return stmt

    def grouped(stmt, *columns, order_by=None):
        stmt = stmt.add_columns(*columns).group_by(*columns)
        return db.session.execute(stmt.order_by(*(order_by or columns))).all()

    with_branch = cells("total").join(Branch, Branch.id == BudgetCell.branch_id)
    category = sa.type_coerce(BudgetCell.value, BudgetLine.category.type).label("category")
    source = sa.type_coerce(BudgetCell.value, BudgetLine.funding_source.type)
    return Rollup(
        total=db.session.execute(cells("total")).one(),
        by_branch=grouped(with_branch, Branch.id, Branch.name, order_by=(Branch.name, Branch.id)),
        by_year=grouped(cells("total"), BudgetCell.fiscal_year),
        by_category=grouped(cells("category"), category, order_by=(BudgetCell.value,)),
        by_source=grouped(
            cells("source"), source.label("funding_source"), order_by=(BudgetCell.value,)
        ),
    )


def rollup_from_lines(fiscal_year: int | None = None, branch_id: int | None = None) -> Rollup:
    """Sum planned, actual and variance, and count programs, from every budget line.

    Declined and cancelled programs are left out. The page reads the stored cells instead
    (budget_rollup); tests check both give the same figures.
    """
    base = (
        sa.select(
            *_money_totals(),
            sa.func.count(sa.distinct(BudgetLine.program_id)).label("programs"),
        )
        .select_from(BudgetLine)
        .join(Program, Program.id == BudgetLine.program_id)
        .where(Program.status.not_in(INACTIVE_STATUSES))
    )
    if fiscal_year is not None:
        base = base.where(Program.fiscal_year == fiscal_year)
    if branch_id is not None:
        base = base.where(Program.branch_id == branch_id)

    def grouped(stmt, *columns, order_by=None):
        stmt = stmt.add_columns(*columns).group_by(*columns)
        return db.session.execute(stmt.order_by(*(order_by or columns))).all()

    with_branch = base.join(Branch, Branch.id == Program.branch_id)
    return Rollup(
        total=db.session.execute(base).one(),
        by_branch=grouped(with_branch, Branch.id, Branch.name, order_by=(Branch.name, Branch.id)),
        by_year=grouped(base, Program.fiscal_year),
        by_category=grouped(base, BudgetLine.category),
        by_source=grouped(base, BudgetLine.funding_source),
    )


def rollup_filter_choices():
    """Return (fiscal years, branches) to filter the roll-up by."""
    years = db.session.scalars(
        sa.select(Program.fiscal_year).distinct().order_by(Program.fiscal_year.desc())
    ).all()
    return years, branch_choices()


def branch_choices():
    """Return (id, name) of every branch, by name: the pages' branch filters."""
    return db.session.execute(sa.select(Branch.id, Branch.name).order_by(Branch.name)).all()
