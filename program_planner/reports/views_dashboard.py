"""Routes of the dashboard part of results: the portfolio dashboard and the annual statistics."""

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.occurrences.service import local_day
from program_planner.programs.models import ProgramType
from program_planner.reports import annual as annual_stats
from program_planner.reports import bp, charts
from program_planner.reports.portfolio import Filters, filter_choices, portfolio
from program_planner.reports.results import bring_up_to_date
from program_planner.web import client_ip

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _not_before_start(form, field):
    if field.data and form.date_from.data and field.data < form.date_from.data:
        raise ValidationError(_l("The end of the period is before its start."))


class DashboardFilterForm(FlaskForm):
    """The dashboard's filters, read from the query string."""

    class Meta:
        csrf = False

    date_from = DateField(_l("Sessions from"), validators=[Optional()])
    date_to = DateField(_l("Sessions until"), validators=[Optional(), _not_before_start])
    fiscal_year = SelectField(_l("Fiscal year"), validators=[Optional()])
    branch = SelectField(_l("Branch"), validators=[Optional()])
    program_type = SelectField(
        _l("Program type"),
        validators=[Optional()],
        choices=lambda: [("", _l("Any type"))] + ProgramType.choices(),
    )
    target_group = SelectField(_l("Target group"), validators=[Optional()])


def _accepted(field):
    """Return a filter's value when given and valid, else None (a refused filter is ignored)."""
    return field.data if field.data and not field.errors else None


def _as_int(value):
    return int(value) if value is not None else None


def _filters_from(form) -> Filters:
    return Filters(
        date_from=_accepted(form.date_from),
        date_to=_accepted(form.date_to),
        fiscal_year=_as_int(_accepted(form.fiscal_year)),
        branch_id=_as_int(_accepted(form.branch)),
        program_type=_accepted(form.program_type),
        target_group_id=_as_int(_accepted(form.target_group)),
    )


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


@bp.route("/dashboard")
@permission_required(perm.can_view_portfolio)
def dashboard():
    """Show the portfolio: outcome figures, breakdowns, and coverage of target groups."""
    form = DashboardFilterForm(request.args)
    branches, groups, years = filter_choices()
    form.fiscal_year.choices = [("", _("Any fiscal year"))] + [(str(y), str(y)) for y in years]
    form.branch.choices = [("", _("Any branch"))] + [(str(i), name) for i, name in branches]
    form.target_group.choices = [("", _("Any target group"))] + [
        (str(i), name) for i, name in groups
    ]
    form.validate()
    waiting = bring_up_to_date()
    db.session.commit()
    labels = {t.value: str(t.label) for t in ProgramType}
    result = portfolio(_filters_from(form), labels)
    for figures in result.by_period:
        if result.period_unit == "month":
            year, month = figures.key.split("-")
            figures.label = format_date(date(int(year), int(month), 1), "MMM y")
    filtered = any(v for k, v in request.args.items() if k in form._fields)
    return render_template(
        "reports/dashboard.html",
        form=form,
        result=result,
        charts=_charts(result) if not result.empty else {},
        filtered=filtered,
        percent=_percent,
        waiting=waiting,
    )


# --- Annual statistics ---------------------------------------------------------------------------


def _mode_labels():
    return {
        annual_stats.ON_SITE: _("In person, on site"),
        annual_stats.OFF_SITE: _("In person, off site"),
        annual_stats.LIVE_ONLINE: _("Live online"),
        annual_stats.RECORDED: _("Recorded"),
    }


def _chosen_year():
    """Return the year asked for in ?year=, or this year when absent or refused."""
    raw = request.args.get("year", "").strip()
    this_year = local_day(utcnow()).year
    if not raw:
        return this_year
    if raw.isascii() and raw.isdigit() and 1900 <= int(raw) <= 2200:
        return int(raw)
    flash(_("That year is not valid; showing %(year)s.", year=this_year), "warning")
    return this_year


def _statistics(year):
    return annual_stats.annual_statistics(year, _mode_labels(), _("All adults"))


def _notes():
    return {
        "audience": [
            _(
                "A program aimed at several target groups counts once in each of them, so the "
                "target-group rows can add up to more than all adults."
            ),
        ],
        "mode": [
            _("Hybrid programs (in branch and online) count as in person, on site."),
            _("Homebound and by-mail programs count as in person, off site."),
            _("No program is marked as recorded, so recorded programs show 0."),
        ],
    }


@bp.route("/annual-statistics")
@permission_required(perm.can_view_portfolio)
def annual_statistics():
    """Show a year's programs and attendance by audience and by delivery mode."""
    years = annual_stats.years_with_sessions(local_day(utcnow()))
    year = _chosen_year()
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return render_template(
        "reports/annual.html",
        stats=_statistics(year),
        year=year,
        years=years,
        notes=_notes(),
    )


@bp.route("/annual-statistics.xlsx")
@permission_required(perm.can_view_portfolio)
def annual_statistics_xlsx():
    """Download a year's statistics as an Excel workbook; the export is audited."""
    year = _chosen_year()
    stats = _statistics(year)
    if stats.empty:
        flash(_("No program had a session in %(year)s: there is nothing to export.", year=year))
        return redirect(url_for("reports.annual_statistics", year=year))
    notes = _notes()
    library = current_app.config["LIBRARY_NAME"]
    texts = {
        "heading": _("%(library)s — program statistics %(year)s", library=library, year=year),
        "audience": _("By audience"),
        "mode": _("By delivery mode"),
        "audience_header": _("Audience"),
        "mode_header": _("Delivery mode"),
        "programs": _("Programs"),
        "sessions": _("Sessions"),
        "attendance": _("Attendance"),
        "audience_notes": notes["audience"],
        "mode_notes": notes["mode"],
    }
    body = annual_stats.workbook_bytes(stats, texts)
    record(
        "annual_statistics_exported",
        actor=current_user,
        ip_address=client_ip(),
        year=year,
        programs=stats.total.programs,
    )
    db.session.commit()
    return current_app.response_class(
        body,
        mimetype=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="annual-statistics-{year}.xlsx"',
            "Cache-Control": "no-store",
        },
    )
