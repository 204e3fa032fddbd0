"""Routes of the impact report: the PDF of a program or of a fiscal year, and picking quotes."""

from dataclasses import replace
from functools import partial

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.audit.service import record
from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.i18n import format_when, select_language
from program_planner.programs.items import load_program
from program_planner.programs.models import ProgramType
from program_planner.reports.dashboard.filters import (
    filter_form,
    filters_from,
    in_words,
    query_args,
)
from program_planner.reports.dashboard.portfolio import Filters, filter_choices
from program_planner.reports.impact import bp
from program_planner.reports.impact.charts import portfolio_charts, program_charts
from program_planner.reports.impact.forms import PickCommentsForm
from program_planner.reports.impact.picks import (
    MAX_PICKS,
    PickError,
    candidates,
    picked_ids,
    picks_version,
    save_picks,
)
from program_planner.reports.impact.portfolio_data import portfolio_impact
from program_planner.reports.impact.program_data import program_impact
from program_planner.reports.impact.render import direction, filename, pdf_response
from program_planner.reports.program_report.words import describe, describe_target
from program_planner.reports.results import bring_up_to_date
from program_planner.saving import EditConflict, keep_typed
from program_planner.web import client_ip, csrf_checked_by_form

CONFLICT = _l(
    "Someone changed the comments to quote while you were choosing. Your ticks are kept below; "
    "check them and save again."
)


def _language() -> str:
    """Return the language asked for (?lang=fr) when offered, else the reader's."""
    asked = request.args.get("lang", "")
    return asked if asked in current_app.config["LANGUAGES"] else select_language()


def _locale(language) -> str:
    region = current_app.config.get("LIBRARY_REGION")
    return f"{language}_{region}" if region else language


def _pdf(template, name, build, max_pages):
    """Render an impact template as a PDF download in the language asked for.

    build(language) returns the template's data, gathered inside that language; a page that
    runs over max_pages is set again in the template's compact form (smaller type).
    """
    language = _language()
    with force_locale(_locale(language)):
        generated = _(
            "Generated %(when)s by %(name)s",
            when=format_when(utcnow()),
            name=current_user.full_name,
        )
        context = dict(
            build(language),
            describe=describe,
            describe_target=describe_target,
            direction=direction,
            generated=generated,
        )

        def html_for(compact):
            return render_template(template, compact=compact, **context)

        return pdf_response(html_for, max_pages, name)


def _viewable_program(program_id, for_update=False):
    program = load_program(program_id, for_update=for_update)
    if not perm.can_view_program_report(current_user, program):
        abort(403)
    return program


def _program_data(program, language) -> dict:
    impact = program_impact(program, language)
    return {"impact": impact, "charts": program_charts(impact, language)}


@bp.route("/programs/<int:program_id>/impact.pdf")
@permission_required(perm.can_view_programs)
def program_pdf(program_id):
    """Download a program's one-page impact report (PDF), in English or French."""
    program = _viewable_program(program_id)
    name = filename("impact", program.title, program.fiscal_year)
    response = _pdf("impact/program.html", name, partial(_program_data, program), max_pages=1)
    record("impact_report_downloaded", actor=current_user, obj=program, ip_address=client_ip())
    db.session.commit()
    return response


def _chosen_year():
    """Return the fiscal year asked for (?fiscal_year=), the latest when none, or None."""
    years = sorted(filter_choices()[2], reverse=True)
    raw = request.args.get("fiscal_year", "").strip()
    if raw.isascii() and raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years and not raw else None


def _chosen_filters(form):
    """Return every dashboard filter asked for, in the fiscal year asked for (the latest when
    none); None when that year has no programs."""
    year = _chosen_year()
    return replace(filters_from(form), fiscal_year=year) if year is not None else None


def _gathered_in_language(filters):
    """Return the portfolio's figures with types and groups named in the PDF's language."""
    with force_locale(_locale(_language())):
        return portfolio_impact(filters, {t.value: str(t.label) for t in ProgramType})


def _portfolio_data(impact, form, _language) -> dict:
    words = in_words(form, impact.fiscal_year)
    return {"impact": impact, "charts": portfolio_charts(impact), "filter_words": words}


def _nothing_to_report(form, filters):
    """Go back to the dashboard, filtered as asked, saying why there is no report."""
    if filters is not None and filters != Filters(fiscal_year=filters.fiscal_year):
        message = _("No approved program matches these filters: there is no impact report to make.")
    else:
        message = _("No approved program in that fiscal year: there is no impact report to make.")
    flash(message, "warning")
    return redirect(url_for("reports.dashboard", **query_args(form)))


@bp.route("/dashboard/impact.pdf")
@permission_required(perm.can_view_portfolio)
def portfolio_pdf():
    """Download the impact report of a fiscal year's programs, narrowed by the dashboard's
    filters and naming them (PDF, two pages at most)."""
    form = filter_form()
    filters = _chosen_filters(form)
    bring_up_to_date()
    db.session.commit()
    impact = _gathered_in_language(filters) if filters is not None else None
    if impact is None or impact.empty:
        return _nothing_to_report(form, filters)
    build = partial(_portfolio_data, impact, form)
    name = filename("impact", filters.fiscal_year)
    response = _pdf("impact/portfolio.html", name, build, max_pages=2)
    record(
        "portfolio_impact_downloaded",
        actor=current_user,
        ip_address=client_ip(),
        year=filters.fiscal_year,
        filters=query_args(form),
    )
    db.session.commit()
    return response


def _render_picks(program, form, status=200):
    comments = candidates(program.id)
    form.answers.choices = [(row[0], row[1]) for row in comments]
    return render_template(
        "impact/picks.html", program=program, form=form, comments=comments, max_picks=MAX_PICKS
    ), status


def _save_picks(program_id, form) -> bool:
    """Save the ticks; False (with the message on the form and the ticks kept) when refused."""
    try:
        program = _viewable_program(program_id, for_update=True)
        save_picks(program, form.answers.data or [], form.version.data, current_user)
        db.session.commit()
        return True
    except (EditConflict, PickError) as error:
        db.session.rollback()
        if isinstance(error, EditConflict):
            message = CONFLICT
        else:
            message = _("Pick at most %(n)d comments of this program.", n=MAX_PICKS)
        keep_typed(form, picks_version(program_id), message)
        return False


@bp.route("/programs/<int:program_id>/impact/comments", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def pick_comments(program_id):
    """Pick the few comments a program's impact report quotes; a refused save keeps the ticks."""
    program = _viewable_program(program_id)
    if not perm.can_pick_report_comments(current_user, program):
        abort(403)
    if request.method == "GET":
        form = PickCommentsForm(formdata=None, version=picks_version(program.id))
        form.answers.data = picked_ids(program.id)
        return _render_picks(program, form)
    form = PickCommentsForm()
    if form.validate() and _save_picks(program.id, form):
        flash(_("Comments to quote saved."), "success")
        return redirect(url_for("reports.program_report", program_id=program.id))
    return _render_picks(program, form, 422)
