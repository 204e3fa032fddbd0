"""Routes of the dashboard part of results: the portfolio dashboard."""

from datetime import date

from flask import render_template, request
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.extensions import db
from program_planner.programs.models import ProgramType
from program_planner.reports import bp, charts
from program_planner.reports.dashboard.filters import filter_form, filters_from, query_args
from program_planner.reports.dashboard.portfolio import portfolio
from program_planner.reports.results import bring_up_to_date


def _percent(value):
    """Return a share as a percentage ("62 %", "4.5 %" under ten), or a dash."""
    if value is None:
        return "—"
    if value == 0:
        return "0 %"
    if value < 0.01:
        return f"{format_decimal(100 * value, format='0.0#')} %"
    if value < 0.1:
        return f"{format_decimal(100 * value, format='0.0')} %"
    return f"{round(100 * value)} %"


def _short(text, limit=30):
    """Return text cut to fit a chart's label column (the table beside it has it in full)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _charts(result):
    """Return the SVG charts of the breakdowns and of coverage, keyed by name."""
    made = {}
    for key, rows, title in (
        ("branch", result.by_branch, _("Attendance by branch")),
        ("type", result.by_type, _("Attendance by program type")),
        ("group", result.by_target_group, _("Attendance by target group")),
        ("period", result.by_period, _("Attendance by period")),
    ):
        made[key] = charts.bar_chart(
            f"chart-{key}", title, [(_short(f.label), f.attendance) for f in rows]
        )
    with_population = [c for c in result.coverage if c.share is not None]
    made["coverage"] = charts.bar_chart(
        "chart-coverage",
        _("Expected reach as a share of each target group's population"),
        [(_short(c.name), 100 * c.share) for c in with_population],
        fmt=lambda v: f"{format_decimal(v, format='0.0#')} %",
        highlight=[_short(c.name) for c in with_population if c.under_served],
    )
    return made


def _with_month_labels(result):
    """Label a portfolio's months in the reader's language ("Mar 2026"); return the result."""
    for figures in result.by_period:
        if result.period_unit == "month":
            year, month = figures.key.split("-")
            figures.label = format_date(date(int(year), int(month), 1), "MMM y")
    return result


@bp.route("/dashboard")
@permission_required(perm.can_view_portfolio)
def dashboard():
    """Show the portfolio: outcome figures, breakdowns, and coverage of target groups."""
    form = filter_form()
    waiting = bring_up_to_date()
    db.session.commit()
    labels = {t.value: str(t.label) for t in ProgramType}
    result = _with_month_labels(portfolio(filters_from(form), labels))
    filtered = any(v for k, v in request.args.items() if k in form._fields)
    return render_template(
        "reports/dashboard.html",
        form=form,
        result=result,
        charts=_charts(result) if not result.empty else {},
        filtered=filtered,
        percent=_percent,
        waiting=waiting,
        pdf_args=query_args(form),
    )
