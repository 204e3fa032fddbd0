"""Follow-up surveys: the program's settings (staff), the personal survey and unsubscribe.

The personal links are secret tokens, stored hashed. The unsubscribe link works in one click
from a mail client (RFC 8058: a POST with List-Unsubscribe=One-Click and no CSRF token; the
unguessable token in the address is the credential), and from the confirmation page.
"""

from functools import wraps

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.db import commit_idempotent, utcnow
from program_planner.evaluation import bp
from program_planner.evaluation.engine import (
    answers_from_form,
    make_response_form,
    new_submission_key,
    save_response,
)
from program_planner.evaluation.followup import (
    service,
    tasks,  # noqa: F401 - the every-minute upkeep
)
from program_planner.evaluation.followup.forms import FollowUpSettingsForm, UnsubscribeForm
from program_planner.evaluation.followup.models import TokenPurpose
from program_planner.evaluation.models import Response, ResponseChannel, ResponseKind
from program_planner.evaluation.public.language import in_chosen_language
from program_planner.evaluation.public.service import clean_submission_key
from program_planner.evaluation.public.views import public_limit
from program_planner.extensions import db, limiter
from program_planner.programs.items import attach_error, load_program
from program_planner.programs.models import Program
from program_planner.programs.sections import Section, register_section
from program_planner.saving import CONFLICT, EditConflict, as_seen, keep_typed, version_of
from program_planner.web import csrf_checked_by_form

TEMPLATES = "evaluation/followup/"


def _load_section(programs) -> dict:
    ids = [p.id for p in programs]
    return service.schedules(ids) if ids else {}


register_section(
    Section(
        key="follow_up_survey",
        title=_l("Follow-up survey"),
        template="evaluation/followup/_section.html",
        order=101,
        load=_load_section,
        proposal=False,
    )
)


# --- Staff: the program's settings -------------------------------------------------------------


def _program(program_id, for_update=False):
    program = load_program(program_id, for_update=for_update)
    if not perm.can_edit_evaluation_form(current_user, program):
        abort(403)
    return program


def _question_choices(form, program_id):
    questions = service.choosable_questions(program_id)
    form.questions.choices = [(q.id, q.text_en) for q in questions]
    return {q.id: q for q in questions}


@bp.route("/programs/<int:program_id>/follow-up", methods=["GET", "POST"])
@permission_required(perm.can_view_programs)
@csrf_checked_by_form
def followup_settings(program_id):
    """Turn the program's automatic follow-up on or off, choose when, and its questions."""
    program = _program(program_id)
    plan = service.schedule(program.id)
    form = FollowUpSettingsForm()
    questions = _question_choices(form, program.id)
    if not form.is_submitted():
        _fill_settings(form, program.id, plan)
    if form.validate_on_submit() and _save_settings(form, program.id):
        flash(_("Follow-up survey settings saved."), "success")
        return redirect(_settings_back_url(program.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        TEMPLATES + "settings.html",
        program=program,
        form=form,
        plan=plan,
        standard=service.standard_questions(),
        questions=questions,
        back_url=_settings_back_url(program.id),
    ), status


def _settings_back_url(program_id):
    return url_for("programs.detail", program_id=program_id, _anchor="follow_up_survey")


def _fill_settings(form, program_id, plan):
    """Show the stored settings and the version they were read at."""
    form.enabled.data = plan.enabled
    form.weeks_after.data = plan.weeks_after
    form.reminder_days.data = plan.reminder_days
    form.questions.data = [fq.question_id for fq in service.program_follow_up_questions(program_id)]
    form.version.data = version_of(plan.settings) or 0


def _save_settings(form, program_id) -> bool:
    """Save with the version seen and commit; on a conflict or refusal keep what was typed."""
    try:
        program = _program(program_id, for_update=True)
        row = service.schedule(program.id).settings
        seen = form.version.data
        if row is None and seen != 0:
            raise EditConflict
        with as_seen(row, seen):
            service.save_settings(
                program,
                row,
                enabled=form.enabled.data,
                weeks_after=form.weeks_after.data,
                reminder_days=form.reminder_days.data,
                question_ids=form.questions.data,
            )
        db.session.commit()
        return True
    except EditConflict:
        db.session.rollback()
        keep_typed(form, version_of(service.schedule(program_id).settings) or 0, CONFLICT)
    except service.FollowUpError as error:
        db.session.rollback()
        attach_error(form, error)
    return False


# --- The attendee: personal survey, thanks, unsubscribe -----------------------------------------


def _page(template, status=200, **context):
    return render_template(TEMPLATES + template, **context), status


def _refused(invitation, state, language):
    status = 404 if invitation is None else 410
    program = invitation and db.session.get(Program, invitation.program_id)
    return _page("refused.html", status, state=state, program=program, language=language)


def _keep_answers_when_limited(view):
    """Answer a refused post (many answers from one network) with every answer kept, 429."""

    @wraps(view)
    def wrapped(survey_token, language):
        try:
            return view(survey_token, language=language)
        except RateLimitExceeded:
            invitation = service.invitation_for(survey_token, TokenPurpose.SURVEY)
            if invitation is None:
                return _refused(None, "unknown", language)
            form = make_response_form(service.form_items(invitation.program_id), language)()
            return _survey_page(invitation, form, language, survey_token, 429, limited=True)

    return wrapped


def _survey_page(invitation, form, language, token, status, limited=False):
    return _page(
        "survey.html",
        status,
        form=form,
        program=db.session.get(Program, invitation.program_id),
        invitation=invitation,
        language=language,
        token=token,
        limited=limited,
    )


@bp.route("/follow-up/s/<survey_token>", methods=["GET", "POST"])
@csrf_checked_by_form
@in_chosen_language
@_keep_answers_when_limited
@limiter.limit(public_limit, methods=["POST"])
def followup_survey(survey_token, language):
    """The personal follow-up survey: answered once, then refused to anyone else."""
    invitation = service.invitation_for(survey_token, TokenPurpose.SURVEY)
    if invitation is None:
        return _refused(None, "unknown", language)
    now = utcnow()
    state = service.link_state(invitation, now)
    items = service.form_items(invitation.program_id)
    form = make_response_form(items, language)()
    if form.is_submitted() and _already_stored(form.submission_key.data):
        return redirect(url_for(".followup_thanks", lang=language))  # the same form posted twice
    if state != "open":
        return _refused(invitation, state, language)
    if not form.is_submitted():
        form.submission_key.data = new_submission_key()
    elif form.validate_on_submit() and items:
        if not _store_answers(invitation, form, items, language, now):
            return _refused(invitation, "answered", language)
        return redirect(url_for(".followup_thanks", lang=language))
    if not form.submission_key.data:
        form.submission_key.data = new_submission_key()
    return _survey_page(invitation, form, language, survey_token, 422 if form.errors else 200)


def _store_answers(invitation, form, items, language, now) -> bool:
    """Store the answers once and forget the contact, committed; False when already answered."""
    key = clean_submission_key(form.submission_key.data)

    def store():
        if not service.claim_answer(invitation, now):
            return False
        save_response(
            program_id=invitation.program_id,
            kind=ResponseKind.FOLLOW_UP,
            channel=ResponseChannel.ONLINE,
            language=language,
            submission_key=key,
            answers=answers_from_form(form, items),
        )
        service.forget_contact(invitation)
        return True

    if commit_idempotent(db.session, store):
        return True
    db.session.rollback()
    return False


def _already_stored(key) -> bool:
    """Whether a follow-up response with this form's key is stored (a double post)."""
    key = (key or "").strip()
    if not key or len(key) > 64:
        return False
    stmt = sa.select(Response.id).where(
        Response.submission_key == key, Response.kind == ResponseKind.FOLLOW_UP
    )
    return db.session.scalar(stmt) is not None


@bp.route("/follow-up/thanks")
@in_chosen_language
def followup_thanks(language):
    """Thank the attendee for answering the follow-up survey."""
    return _page("thanks.html", language=language)


@bp.route("/follow-up/unsubscribe/<unsubscribe_token>", methods=["GET", "POST"])
@csrf_checked_by_form
@in_chosen_language
@limiter.limit(public_limit, methods=["POST"])
def followup_unsubscribe(unsubscribe_token, language):
    """Withdraw consent and delete the address: one click from the mail client, or confirmed."""
    form = UnsubscribeForm()
    invitation = service.invitation_for(unsubscribe_token, TokenPurpose.UNSUBSCRIBE)
    if invitation is None:
        return _page("unsubscribe.html", 404, state="unknown", form=form, language=language)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    if request.method == "POST" and (one_click or form.validate_on_submit()):
        done = service.unsubscribe(invitation)
        db.session.commit()
        state = "done" if done else "already"
        return _page("unsubscribe.html", 200, state=state, form=form, language=language)
    state = "already" if invitation.unsubscribed else "confirm"
    status = 422 if form.errors else 200
    return _page("unsubscribe.html", status, state=state, form=form, language=language)
