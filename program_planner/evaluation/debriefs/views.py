"""Routes of debriefs: presenters' private links and form, the staff debrief, the section."""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import begin_write
from program_planner.evaluation import bp
from program_planner.evaluation.debriefs import service
from program_planner.evaluation.debriefs.forms import (
    IssueLinkForm,
    make_debrief_form,
)
from program_planner.evaluation.models import DebriefLink
from program_planner.extensions import db, limiter
from program_planner.programs.items import load_program
from program_planner.programs.models import Program
from program_planner.programs.sections import Section, register_section
from program_planner.web import csrf_checked_by_form

SESSION_LINK = "debrief_link_id"
SESSION_DONE = "debrief_done"
PROBLEM_STATUS = {"unknown": 404, service.USED: 410, service.EXPIRED: 410, service.REVOKED: 410}

register_section(
    Section(
        key="debriefs",
        title=_l("Debriefs"),
        template="evaluation/debriefs/_section.html",
        order=120,
        load=service.load_debrief_sections,
        proposal=False,
        visible=perm.can_view_responses,
    )
)


def _debrief_link_limit():
    return current_app.config.get("RATELIMIT_DEBRIEF_LINK", "30 per minute")


def _section_url(program):
    return url_for("programs.detail", program_id=program.id, _anchor="debriefs")


def _managed_program(program_id, for_update=False):
    program = load_program(program_id, for_update=for_update)
    if not perm.can_manage_debriefs(current_user, program):
        abort(403)
    return program


# --- Presenters: the private link and the form ----------------------------------------------
# /debrief/<token> is registered before /debrief (the route tests open the link first).


def _private(response, status=None):
    """Keep presenters' pages out of every cache (shared computers, proxies)."""
    response = make_response(response) if status is None else make_response(response, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _link_problem(reason):
    page = render_template("evaluation/debriefs/link_problem.html", reason=reason)
    return _private(page, PROBLEM_STATUS[reason])


@bp.route("/debrief/<debrief_token>")
@limiter.limit(_debrief_link_limit, methods=["GET"])
def presenter_debrief_open(debrief_token):
    """Check a presenter's private link, then continue at /debrief without the token."""
    link = service.find_link(debrief_token)
    if link is None:
        return _link_problem("unknown")
    status = service.link_status(link)
    if status != service.WAITING:
        return _link_problem(status)
    session[SESSION_LINK] = link.id
    session.pop(SESSION_DONE, None)
    return _private(redirect(url_for("evaluation.presenter_debrief")))


def _session_link():
    link_id = session.get(SESSION_LINK)
    return db.session.get(DebriefLink, link_id) if isinstance(link_id, int) else None


def _no_open_debrief():
    """Answer /debrief when no usable link is open in this browser."""
    if request.method == "POST" and current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as error:
            raise CSRFError(str(error)) from None
    if session.get(SESSION_DONE):
        return _private(render_template("evaluation/debriefs/thanks.html"))
    return _link_problem("unknown")


@bp.route("/debrief", methods=["GET", "POST"])
@csrf_checked_by_form
def presenter_debrief():
    """Show and take the presenter's debrief for the link opened in this browser."""
    link = _session_link()
    if link is None:
        session.pop(SESSION_LINK, None)
        return _no_open_debrief()
    status = service.link_status(link)
    if status == service.USED:  # sent already (a second click of Send): nothing is stored twice
        session.pop(SESSION_LINK, None)
        session[SESSION_DONE] = True
        return _private(render_template("evaluation/debriefs/thanks.html"))
    if status != service.WAITING:
        session.pop(SESSION_LINK, None)
        return _link_problem(status)
    objectives = service.program_objectives(link.program_id)
    form = make_debrief_form(objectives)()
    if form.validate_on_submit():
        begin_write(db.session)
        debrief, outcome = service.save_presenter_debrief(
            link.id, objectives, form.answers(), form.texts()
        )
        db.session.commit()
        session.pop(SESSION_LINK, None)
        if outcome not in ("saved", service.USED):
            return _link_problem(outcome)
        session[SESSION_DONE] = True
        return _private(redirect(url_for("evaluation.presenter_debrief")))
    program = db.session.get(Program, link.program_id)
    page = render_template(
        "evaluation/debriefs/presenter_form.html", form=form, link=link, program=program
    )
    return _private(page, 422 if form.errors else 200)


# --- Staff: issue and revoke links, write one's debrief ---------------------------------------


@bp.route("/programs/<int:program_id>/debrief-links/new", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def debrief_link_new(program_id):
    """Create a presenter's private debrief link and show it once."""
    program = _managed_program(program_id)
    form = IssueLinkForm()
    form.set_presenters(service.program_presenters(program.id))
    if form.validate_on_submit():
        try:
            link, token = service.issue_link(
                program,
                presenter_id=form.presenter_id.data,
                name=form.name.data,
                days=form.days.data,
                actor=current_user,
            )
        except service.DebriefError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            url = url_for("evaluation.presenter_debrief_open", debrief_token=token, _external=True)
            return render_template(
                "evaluation/debriefs/link_issued.html", program=program, link=link, url=url
            )
    return render_template("evaluation/debriefs/link_form.html", form=form, program=program), (
        422 if form.errors else 200
    )


@bp.route("/programs/<int:program_id>/debrief-links/<int:debrief_link_id>/revoke", methods=["POST"])
@permission_required(perm.can_view_programs)
def debrief_link_revoke(program_id, debrief_link_id):
    """Revoke a presenter's link that has not been used."""
    program = _managed_program(program_id, for_update=True)
    link = db.session.get(DebriefLink, debrief_link_id)
    if link is None or link.program_id != program.id:
        abort(404)
    if service.revoke_link(link, current_user):
        db.session.commit()
        flash(_("The link for %(name)s no longer works.", name=link.presenter_name), "success")
    else:
        flash(_("This link was already used or revoked."), "info")
    return redirect(_section_url(program))


@bp.route("/programs/<int:program_id>/staff-debrief", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def staff_debrief(program_id):
    """Write or edit one's own staff debrief of a program."""
    program = _managed_program(program_id)
    objectives = service.program_objectives(program.id)
    mine = service.staff_debrief_of(program.id, current_user.id)
    form = make_debrief_form(objectives, staff=True)()
    if not form.is_submitted() and mine is not None:
        form.load(mine)
    if not form.is_submitted():
        form.loaded.data = service.stamp(mine)
    if form.validate_on_submit():
        try:
            program = _managed_program(program_id, for_update=True)
            service.save_staff_debrief(
                program,
                current_user,
                objectives,
                form.answers(),
                form.texts(),
                form.loaded.data,
            )
            db.session.commit()
        except service.DebriefError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            form.loaded.data = service.stamp(service.staff_debrief_of(program_id, current_user.id))
        else:
            flash(_("Your debrief is saved."), "success")
            return redirect(_section_url(program))
    return render_template(
        "evaluation/debriefs/staff_form.html", form=form, program=program, mine=mine
    ), (422 if form.errors or form.form_errors else 200)
