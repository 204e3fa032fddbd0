"""Routes of debriefs: presenters' private links and form, the staff debrief, the section."""

import sqlalchemy as sa
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
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import begin_write, locked
from program_planner.evaluation import bp
from program_planner.evaluation.debriefs import service
from program_planner.evaluation.debriefs.forms import (
    IssueLinkForm,
    SendLinkForm,
    make_debrief_form,
    offer_languages,
)
from program_planner.evaluation.models import DebriefLink
from program_planner.extensions import db, limiter
from program_planner.programs.items import load_program
from program_planner.programs.models import Program
from program_planner.programs.sections import Section, register_section
from program_planner.saving import EditConflict, as_seen, keep_typed, version_of
from program_planner.web import csrf_checked_by_form

SESSION_LINK = "debrief_link_id"
SESSION_DONE = "debrief_done"
SESSION_NEW_LINK = "debrief_new_link"  # a link just made, shown once on its page
STAFF_CONFLICT = _l(
    "Your debrief was saved from another window while you were editing. What you typed is kept "
    "below and was not saved; check it, then save again to keep it."
)
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


def _closed_link_page(link):
    """Return the page for a link that takes no debrief now (none, used, expired…), else None."""
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
    return None


def _take_debrief(link, objectives, form):
    """Store the presenter's debrief once; thank them, or say why the link no longer works."""
    begin_write(db.session)
    _debrief, outcome = service.save_presenter_debrief(
        link.id, objectives, form.answers(), form.texts()
    )
    db.session.commit()
    session.pop(SESSION_LINK, None)
    if outcome not in ("saved", service.USED):
        return _link_problem(outcome)
    session[SESSION_DONE] = True
    return _private(redirect(url_for("evaluation.presenter_debrief")))


@bp.route("/debrief", methods=["GET", "POST"])
@csrf_checked_by_form
def presenter_debrief():
    """Show and take the presenter's debrief for the link opened in this browser."""
    link = _session_link()
    closed = _closed_link_page(link)
    if closed is not None:
        return closed
    objectives = service.program_objectives(link.program_id)
    form = make_debrief_form(objectives)()
    if form.validate_on_submit():
        return _take_debrief(link, objectives, form)
    program = db.session.get(Program, link.program_id)
    page = render_template(
        "evaluation/debriefs/presenter_form.html", form=form, link=link, program=program
    )
    return _private(page, 422 if form.errors else 200)


# --- Staff: issue and revoke links, write one's debrief ---------------------------------------


def _languages(form):
    offer_languages(form, current_app.config["LANGUAGES"], get_locale().language)


def _keep_token_once(link, token):
    """Hand the fresh token to the next page of this browser only (shown once, then gone)."""
    session[SESSION_NEW_LINK] = {"link": link.id, "token": token}


def _token_to_show(link):
    kept = session.pop(SESSION_NEW_LINK, None)
    if isinstance(kept, dict) and kept.get("link") == link.id:
        return kept.get("token")
    return None


@bp.route("/programs/<int:program_id>/debrief-links/new", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def debrief_link_new(program_id):
    """Create a presenter's private debrief link, mail it, then show it once (PRG)."""
    program = _managed_program(program_id)
    form = IssueLinkForm()
    form.set_presenters(service.program_presenters(program.id))
    _languages(form)
    if form.validate_on_submit():
        link = _issue_link(program, form)
        if link is not None:
            return redirect(_link_page_url(program, link))
    return render_template("evaluation/debriefs/link_form.html", form=form, program=program), (
        422 if form.errors else 200
    )


def _issue_link(program, form):
    """Make the link and mail it when there is an address; return it, or None when refused."""
    try:
        link, token = service.issue_link(
            program,
            presenter_id=form.presenter_id.data,
            name=form.name.data,
            days=form.days.data,
            actor=current_user,
        )
        address = service.address_for(link, form.email.data)
        if address:
            service.send_link(program, link, token, address, form.language.data, current_user)
    except service.DebriefError as error:
        db.session.rollback()
        getattr(form, error.field).errors.append(str(error))
        return None
    db.session.commit()
    _keep_token_once(link, token)
    return link


def _link_page_url(program, link):
    return url_for("evaluation.debrief_link", program_id=program.id, debrief_link_id=link.id)


def _program_link(program, debrief_link_id):
    link = db.session.get(DebriefLink, debrief_link_id)
    if link is None or link.program_id != program.id:
        abort(404)
    return link


def _render_link_page(program, link, form=None, token=None, status=200):
    sessions = service.program_sessions(program.id)
    if form is None:
        form = SendLinkForm(formdata=None, email=service.address_for(link, link.sent_to))
    _languages(form)
    url = None
    if token:
        url = url_for("evaluation.presenter_debrief_open", debrief_token=token, _external=True)
    page = render_template(
        "evaluation/debriefs/link_issued.html",
        program=program,
        link=link,
        url=url,
        state=service.link_status(link),
        sessions=sessions,
        too_short=service.expires_before_last_session(link, sessions),
        form=form,
    )
    return _private(page, status)


@bp.route("/programs/<int:program_id>/debrief-links/<int:debrief_link_id>")
@permission_required(perm.can_view_programs)
def debrief_link(program_id, debrief_link_id):
    """Show a presenter's link: the link itself right after it was made, to whom it went."""
    program = _managed_program(program_id)
    link = _program_link(program, debrief_link_id)
    return _render_link_page(program, link, token=_token_to_show(link))


@bp.route("/programs/<int:program_id>/debrief-links/<int:debrief_link_id>/send", methods=["POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def debrief_link_send(program_id, debrief_link_id):
    """Mail a waiting link again in one click, under a fresh token; audited."""
    program = _managed_program(program_id, for_update=True)
    link = db.session.scalar(
        locked(sa.select(DebriefLink).where(DebriefLink.id == debrief_link_id))
    )
    if link is None or link.program_id != program.id:
        abort(404)
    form = SendLinkForm()
    _languages(form)
    if form.validate_on_submit() and _resend_link(program, link, form):
        return redirect(_link_page_url(program, link))
    link = _program_link(program, debrief_link_id)
    return _render_link_page(program, link, form=form, status=422)


def _resend_link(program, link, form) -> bool:
    """Mail the link again under a fresh token; say so, or put the refusal on the form."""
    try:
        token = service.resend_link(
            program, link, form.email.data, form.language.data, current_user
        )
    except service.DebriefError as error:
        db.session.rollback()
        (getattr(form, error.field).errors if error.field else form.form_errors).append(str(error))
        return False
    db.session.commit()
    _keep_token_once(link, token)
    flash(
        _(
            "The link was sent to %(address)s. The link sent before no longer works.",
            address=link.sent_to,
        ),
        "success",
    )
    return True


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
    if not form.is_submitted():
        if mine is not None:
            form.load(mine)
        form.version.data = version_of(mine, service.STAFF_DEBRIEF_EDITS) or 0
    if form.validate_on_submit() and _save_staff_debrief(form, program_id, objectives):
        flash(_("Your debrief is saved."), "success")
        return redirect(_section_url(program))
    return render_template(
        "evaluation/debriefs/staff_form.html", form=form, program=program, mine=mine
    ), (422 if form.errors or form.form_errors else 200)


def _save_staff_debrief(form, program_id, objectives) -> bool:
    """Save one's debrief as an edit of the version seen; commit, or keep what was typed."""
    try:
        program = _managed_program(program_id, for_update=True)
        mine = service.staff_debrief_of(program_id, current_user.id, fresh=True)
        with as_seen(mine, form.version.data, service.STAFF_DEBRIEF_EDITS):
            service.save_staff_debrief(
                program, current_user, mine, objectives, form.answers(), form.texts()
            )
    except EditConflict:
        db.session.rollback()
        mine = service.staff_debrief_of(program_id, current_user.id, fresh=True)
        keep_typed(form, version_of(mine, service.STAFF_DEBRIEF_EDITS) or 0, STAFF_CONFLICT)
        return False
    db.session.commit()
    return True
