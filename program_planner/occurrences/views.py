"""Routes and program-page section of sessions; the calendar, its feed and the date filter."""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.http import is_resource_modified

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.auth.models import Branch
from program_planner.db import utcnow
from program_planner.extensions import db
from program_planner.i18n import select_language
from program_planner.occurrences import bp, feed, ical, series, service
from program_planner.occurrences.forms import (
    OccurrenceForm,
    SeriesForm,
    date_from_field,
    date_to_field,
)
from program_planner.occurrences.models import Occurrence
from program_planner.programs.filters import ListFilter, register_filter
from program_planner.programs.items import (
    ItemError,
    ItemKind,
    attach_error,
    load_program,
    register_item_routes,
)
from program_planner.programs.models import PUBLISHED_STATUSES, Program
from program_planner.programs.sections import Section, register_section
from program_planner.programs.service import active_branches
from program_planner.web import csrf_checked_by_form, query_id, query_page

register_section(
    Section(
        key="sessions",
        title=_l("Sessions & venue"),
        template="occurrences/_sessions.html",
        order=50,
        load=service.load_occurrences,
        proposal=False,
        readiness=service.occurrences_readiness,
    )
)
register_item_routes(
    bp,
    ItemKind(
        name="occurrences",
        model=Occurrence,
        form=OccurrenceForm,
        section="sessions",
        noun=_l("session"),
        permission=perm.can_edit_logistics,
        save=series.save_session,
        prepare_form=series.prepare_session_form,
        load_form=service.load_form,
        warnings=service.occurrence_warnings,
        before_delete=feed.note_removed,
    ),
)
register_filter(
    ListFilter(
        key="date_from", order=20, make_field=date_from_field, apply=service.filter_date_from
    )
)
register_filter(
    ListFilter(key="date_to", order=21, make_field=date_to_field, apply=service.filter_date_to)
)


def _book_series(program_id, form):
    """Book every session of the series or none; return (sessions booked, clashes found)."""
    try:
        program = load_program(program_id, for_update=True)
        if not perm.can_edit_logistics(current_user, program):
            raise ItemError(
                _("This program changed status meanwhile and can no longer be edited here.")
            )
        booked = series.book_series(program, form)
        db.session.commit()
    except series.SeriesClashes as error:
        db.session.rollback()
        return [], [error.message, error.clashes]
    except ItemError as error:
        db.session.rollback()
        attach_error(form, error)
        return [], []
    flash(ngettext("%(num)d session added.", "%(num)d sessions added.", len(booked)), "success")
    for warning in service.occurrence_warnings(booked[0]):
        flash(warning, "warning")
    return booked, []


@bp.route("/programs/<int:program_id>/occurrences/series", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def series_new(program_id):
    """Add repeating sessions at once: all of them, or none when any would double-book."""
    program = load_program(program_id)
    if not perm.can_edit_logistics(current_user, program):
        abort(403)
    form = SeriesForm()
    service.prepare_form(form, program, None)
    del form.apply_to
    clashes = []
    if form.validate_on_submit():
        booked, clashes = _book_series(program_id, form)
        if booked:
            return redirect(url_for("programs.detail", program_id=program.id, _anchor="sessions"))
    return render_template(
        "occurrences/series.html", form=form, program=program, clashes=clashes
    ), 422 if form.is_submitted() else 200


ALL_BRANCHES = "all"


def _branch_filter(branches):
    """Return the branch id asked for in ?branch=, if it is one of branches; with none asked
    for, the person's own branch (a 60-branch month is a wall of sessions); ?branch=all is all."""
    raw = request.args.get("branch", "")
    wanted = {str(b.id): b.id for b in branches}
    if not raw:
        return wanted.get(str(current_user.branch_id))
    if raw == ALL_BRANCHES:
        return None
    if raw not in wanted:
        flash(_("That branch was not found; showing every branch."), "warning")
        return None
    return wanted[raw]


def _month_sessions(grid, branch_id) -> dict:
    """Return the month's contents: one branch's sessions by day, or, for the whole library,
    the number of sessions each day and the sessions of the day asked for (?day=, paged)."""
    if branch_id is not None:
        sessions = service.calendar_sessions(grid.start, grid.end, branch_id)
        return {"days": service.sessions_by_day(sessions), "counts": None, "day": None}
    day = service.parse_day(request.args.get("day"), grid)
    page = query_page()
    listed, more = service.day_sessions(day, page) if day else ([], False)
    return {
        "days": {},
        "counts": service.day_counts(grid),
        "day": day,
        "day_list": listed,
        "page": page,
        "more": more,
    }


@bp.route("/calendar")
@permission_required(perm.can_view_programs)
def calendar():
    """Show a month of sessions, Monday first, in the library's time zone."""
    today = utcnow().astimezone(service.local_zone()).date()
    first = service.parse_month(request.args.get("month"))
    if first is None:
        if request.args.get("month"):
            flash(_("That month was not understood (use YYYY-MM); showing this month."), "warning")
        first = today.replace(day=1)
    branches = active_branches()
    branch_id = _branch_filter(branches)
    grid = service.month_grid(first)
    return render_template(
        "occurrences/calendar.html",
        grid=grid,
        **_month_sessions(grid, branch_id),
        today=today,
        branches=branches,
        branch_id=branch_id,
        branch_param=branch_id or ALL_BRANCHES,
        published=PUBLISHED_STATUSES,
        month_title=service.month_title(first),
        weekdays=service.weekday_names(),
    )


def _feed_language() -> str:
    """Return ?lang= when it is one of ours (calendar apps send no language), else the reader's."""
    wanted = request.args.get("lang", "")
    return wanted if wanted in current_app.config["LANGUAGES"] else select_language()


def _render_feed(scope: feed.Scope, place: str | None, language: str) -> bytes:
    """Return the feed's iCalendar text in its reader's language."""
    with force_locale(language):
        library = current_app.config["LIBRARY_NAME"]
        name = f"{library} – {place}" if place else library
        text = ical.FeedText(
            name=_("%(library)s programs", library=name),
            timezone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
            online_label=_("Online"),
            language=language,
            uid_domain=feed.uid_domain(),
        )
        return ical.build_calendar(
            feed.sessions(scope), feed.removed_sessions(scope), text, scope.now
        )


def _feed_response(scope: feed.Scope, place: str | None):
    """Answer a feed request: 304 when the calendar already has this content, else the feed."""
    language = _feed_language()
    answer = feed.answer(scope, language, lambda: _render_feed(scope, place, language))
    etag, last_modified = answer.etag, answer.last_modified
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response = make_response("", 304)
    else:
        response = make_response(answer.body())
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        response.headers["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response.set_etag(etag, weak=True)
    response.last_modified = last_modified
    response.vary.add("Accept-Language")
    if not current_user.is_authenticated:
        response.headers["Cache-Control"] = "public, max-age=900"
    return response


@bp.route("/calendar.ics", endpoint="ical")
def ical_feed():
    """Serve the public sessions (of one branch with ?branch=) as an iCalendar feed."""
    branch_id = query_id("branch")
    branch = None
    if branch_id is not None:
        branch = db.session.get(Branch, branch_id)
        if branch is None:
            abort(404)
    scope = feed.Scope(now=utcnow(), branch_id=branch.id if branch else None)
    return _feed_response(scope, branch.name if branch else None)


@bp.route("/programs/<int:program_id>/calendar.ics", endpoint="program_ical")
def program_ical_feed(program_id):
    """Serve one program's public sessions as an iCalendar feed; 404 while it is not public."""
    program = db.session.get(Program, program_id)
    if program is None or not feed.is_public(program, utcnow()):
        abort(404)
    scope = feed.Scope(now=utcnow(), program_id=program.id)
    return _feed_response(scope, program.title_in(_feed_language()))
