"""Routes of annual statistics: the page and its files, how a program counts, its recordings."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.i18n import format_day, format_when
from program_planner.occurrences.service import local_day
from program_planner.programs.items import ItemKind, load_program, register_item_routes
from program_planner.programs.sections import Section, register_section
from program_planner.reports import bp
from program_planner.reports.annual import files, queries, service, tables
from program_planner.reports.annual.forms import CountingForm, RecordingForm
from program_planner.reports.annual.models import Recording
from program_planner.reports.results import bring_up_to_date
from program_planner.saving import CONFLICT, EditConflict, as_seen, keep_typed, version_of
from program_planner.web import client_ip, csrf_checked_by_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

register_section(
    Section(
        key="annual",
        title=_l("Annual statistics"),
        template="reports/annual/_section.html",
        order=105,
        load=service.load_section,
        proposal=False,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="recordings",
        model=Recording,
        form=RecordingForm,
        section="annual",
        noun=_l("recording"),
        permission=perm.can_edit_logistics,
        save=service.save_recording,
    ),
)


def _chosen_year():
    """Return the reporting year asked for in ?year=, or this one when absent or refused."""
    raw = request.args.get("year", "").strip()
    this_year = queries.year_of(local_day(utcnow()), service.year_start_month())
    if not raw:
        return this_year
    if raw.isascii() and raw.isdigit() and 1900 <= int(raw) <= 2200:
        return int(raw)
    flash(_("That year is not valid; showing %(year)s.", year=this_year), "warning")
    return this_year


def _report(year):
    """Return the reporting year's statistics from the stored figures, brought up to date."""
    bring_up_to_date()
    db.session.commit()
    period = queries.Period.year(year, service.year_start_month())
    return tables.annual_report(service.chosen_profile(), period)


def period_text(period) -> str:
    """Return the period in words: "1 April 2025 – 31 March 2026"."""
    return f"{format_day(period.start, 'long')} – {format_day(period.last_day, 'long')}"


def _year_label(year, start_month) -> str:
    return str(year) if start_month == 1 else f"{year}–{(year + 1) % 100:02d}"


@bp.route("/annual-statistics")
@permission_required(perm.can_view_portfolio)
def annual_statistics():
    """Show a year's programs and attendance in the agency's categories, with its checks."""
    year, start_month = _chosen_year(), service.year_start_month()
    found = queries.years_with_sessions(local_day(utcnow()), start_month)
    years = [(y, _year_label(y, start_month)) for y in sorted({*found, year}, reverse=True)]
    report = _report(year)
    return render_template(
        "reports/annual/page.html",
        report=report,
        year=year,
        label=_year_label(year, start_month),
        years=years,
        period=period_text(report.period),
    )


def _texts(report):
    library = current_app.config["LIBRARY_NAME"]
    return {
        "heading": _(
            "%(library)s — annual statistics, %(period)s",
            library=library,
            period=period_text(report.period),
        ),
        "period": _("Period: %(period)s", period=period_text(report.period)),
        "subtitle": _(
            "%(profile)s · made %(when)s by %(who)s",
            profile=report.profile_label,
            when=format_when(utcnow()),
            who=current_user.display_name,
        ),
        "sheet": _("Annual statistics"),
        "checks": _("Cross-checks"),
        "passed": _("passes"),
        "failed": _("fails"),
        "breaking": _("{title}, session of {start}: headcount {headcount}, online {online}"),
        "excluded": _("Not counted: one-to-one help and self-directed activities"),
        "excluded_columns": (_("Program"), _("Kind of activity"), _("Sessions")),
        "unmapped": _("Programs in no category"),
        "unmapped_columns": (_("Program"), _("Program type"), _("Programs"), _("Attendance")),
        "author": library,
    }


FILES = {  # kind: (mimetype, body of the report and its texts)
    "xlsx": (XLSX, lambda report, texts: files.workbook_bytes(report, texts)),
    "csv": ("text/csv", lambda report, texts: files.csv_text(report, texts).encode("utf-8")),
}


def _file(kind):
    """Return the year's report as a file of that kind, audited; or back to the page when the
    year has nothing to export."""
    year = _chosen_year()
    report = _report(year)
    if report.empty:
        flash(
            _(
                "No program had a session from %(period)s: there is nothing to export.",
                period=period_text(report.period),
            )
        )
        return redirect(url_for("reports.annual_statistics", year=year))
    mimetype, make = FILES[kind]
    body = make(report, _texts(report))
    record(
        "annual_statistics_exported",
        actor=current_user,
        ip_address=client_ip(),
        year=year,
        profile=report.profile,
        format=kind,
    )
    db.session.commit()
    return current_app.response_class(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": (
                f'attachment; filename="annual-statistics-{report.profile}-{year}.{kind}"'
            ),
            "Cache-Control": "no-store",
        },
    )


@bp.route("/annual-statistics.xlsx")
@permission_required(perm.can_view_portfolio)
def annual_statistics_xlsx():
    """Download a year's statistics as an Excel workbook laid out like the page; audited."""
    return _file("xlsx")


@bp.route("/annual-statistics.csv")
@permission_required(perm.can_view_portfolio)
def annual_statistics_csv():
    """Download the agency's table as CSV, for agencies that take uploads; audited."""
    return _file("csv")


# --- How a program counts ---------------------------------------------------------------------


def _program(program_id, for_update=False):
    program = load_program(program_id, for_update=for_update)
    if not perm.can_edit_logistics(current_user, program):
        abort(403)
    return program


def _save_counting(program_id, form):
    """Save the form on the program's row as seen; EditConflict when someone saved first."""
    program = _program(program_id, for_update=True)
    row = service.counting_of(program_id, for_update=True)
    if row is None and form.version.data != 0:
        raise EditConflict
    with as_seen(row, form.version.data):
        service.save_counting(
            program, row, audience=form.audience.data, activity=form.activity.data
        )


@bp.route("/programs/<int:program_id>/annual-counting", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def annual_counting(program_id):
    """Set the program's primary audience and kind of activity for annual statistics."""
    program = _program(program_id)
    row = service.counting_of(program.id)
    form = CountingForm(obj=row, data=None if row else {"version": 0})
    if form.validate_on_submit():
        try:
            _save_counting(program_id, form)
            db.session.commit()
        except (EditConflict, sa.exc.IntegrityError):
            db.session.rollback()
            keep_typed(form, version_of(service.counting_of(program_id)) or 0, CONFLICT)
        else:
            flash(_("How the program counts is saved."), "success")
            return redirect(url_for("programs.detail", program_id=program_id, _anchor="annual"))
    status = 422 if form.is_submitted() else 200
    return render_template("reports/annual/counting.html", form=form, program=program), status
