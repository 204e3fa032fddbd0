"""Routes of the community survey: the public form and QR code, paper form, keying, results."""

from flask import Response as HttpResponse
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.community import bp
from program_planner.community.service import branch_choices
from program_planner.community.survey import rapid, service
from program_planner.community.survey.cells import bring_surveys_up_to_date
from program_planner.community.survey.forms import SurveyForm
from program_planner.community.survey.models import CommunitySurvey
from program_planner.community.survey.questions import BARRIERS_CODE, INTERESTS_CODE
from program_planner.db import commit_idempotent
from program_planner.evaluation.engine import current_language, new_submission_key
from program_planner.evaluation.models import ResponseChannel
from program_planner.evaluation.public.language import in_chosen_language
from program_planner.evaluation.public.service import qr_svg
from program_planner.evaluation.public.views import public_limit
from program_planner.extensions import db, limiter
from program_planner.web import csrf_checked_by_form, query_id

SAVED = _l("Paper form saved. Key in the next one.")
ALREADY_SAVED = _l("That paper form was already saved; it is counted once.")


def _survey_or_404(survey_id) -> CommunitySurvey:
    survey = db.session.get(CommunitySurvey, survey_id)
    if survey is None:
        abort(404)
    return survey


def _blank(form):
    if not form.submission_key.data:
        form.submission_key.data = new_submission_key()
    return form


def _store(survey, form, language, channel, entered_by_id=None):
    return commit_idempotent(
        db.session,
        lambda: service.save_survey_response(
            survey, form, channel=channel, language=language, entered_by_id=entered_by_id
        ),
    )


# --- Public ---------------------------------------------------------------------------------
@bp.route("/c/<community_token>", methods=["GET", "POST"])
@csrf_checked_by_form
@in_chosen_language
@limiter.limit(public_limit, methods=["POST"])
def survey_public(community_token, language):
    """Show the community survey to anyone and store their answers once."""
    survey = service.survey_by_token(community_token)
    if survey is None or not survey.active:
        status = 404 if survey is None else 410
        return render_template("community/survey/public_closed.html", survey=survey), status
    form = service.survey_form_class(language, service.group_choices())()
    if form.validate_on_submit():
        _store(survey, form, language, ResponseChannel.ONLINE)
        return redirect(url_for(".survey_thanks", community_token=community_token, lang=language))
    status = 422 if form.errors else 200
    page = render_template(
        "community/survey/public.html", survey=survey, form=_blank(form), language=language
    )
    return page, status


@bp.route("/c/<community_token>/thanks")
@in_chosen_language
def survey_thanks(community_token, language):
    """Thank the person who answered the community survey."""
    survey = service.survey_by_token(community_token)
    if survey is None:
        return render_template("community/survey/public_closed.html", survey=None), 404
    return render_template("community/survey/thanks.html", survey=survey, language=language)


@bp.route("/c/<community_token>/qr.svg")
def survey_qr_svg(community_token):
    """Return the QR code of the survey's address (?lang=fr: the French form), as SVG."""
    survey = service.survey_by_token(community_token)
    if survey is None:
        abort(404)
    lang = request.args.get("lang")
    lang = lang if lang in current_app.config["LANGUAGES"] else None
    url = url_for(".survey_public", community_token=community_token, lang=lang, _external=True)
    body = qr_svg(url, title=survey.title)
    return HttpResponse(body, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


# --- Staff ----------------------------------------------------------------------------------
def _surveys_page(form, status=200):
    form.branch_id.choices = [("", _("Whole library system")), *branch_choices()]
    page = render_template("community/survey/surveys.html", rows=service.list_surveys(), form=form)
    return page, status


@bp.route("/community/surveys")
@permission_required(perm.can_view_needs)
def surveys():
    """List the community surveys with their links, paper forms and response counts."""
    return _surveys_page(SurveyForm(formdata=None))


@bp.route("/community/surveys/new", methods=["POST"])
@permission_required(perm.can_manage_community_survey)
@csrf_checked_by_form
def survey_new():
    """Start a community survey with its own public link."""
    form = SurveyForm()
    form.branch_id.choices = [("", _("Whole library system")), *branch_choices()]
    if not form.validate_on_submit():
        return _surveys_page(form, 422)
    survey = service.create_survey(form.title.data, form.branch_id.data, current_user)
    db.session.commit()
    flash(_("Survey started. Share its link or QR code, or print its paper form."), "success")
    return redirect(url_for(".surveys", _anchor=f"survey-{survey.id}"))


@bp.route("/community/surveys/<int:survey_id>/active", methods=["POST"])
@permission_required(perm.can_manage_community_survey)
def survey_set_active(survey_id):
    """Open or close a survey's public link."""
    survey = _survey_or_404(survey_id)
    survey.active = request.form.get("active") == "1"
    db.session.commit()
    flash(_("The survey is open.") if survey.active else _("The survey is closed."), "success")
    return redirect(url_for(".surveys", _anchor=f"survey-{survey.id}"))


@bp.route("/community/surveys/<int:survey_id>/paper")
@permission_required(perm.can_view_needs)
@in_chosen_language
def survey_paper(survey_id, language):
    """Show the survey as a printable paper form, with its QR code."""
    return render_template(
        "community/survey/paper.html",
        survey=_survey_or_404(survey_id),
        form=service.survey_form_class(language, service.group_choices())(formdata=None),
        language=language,
    )


@bp.route("/community/surveys/<int:survey_id>/enter", methods=["GET", "POST"])
@permission_required(perm.can_key_community_survey)
@csrf_checked_by_form
def survey_enter(survey_id):
    """Key in a paper survey, one after another; a form sent twice is stored once."""
    survey = _survey_or_404(survey_id)
    language = "fr" if request.args.get("lang") == "fr" else "en"
    form = service.survey_form_class(language, service.group_choices())()
    if form.validate_on_submit():
        _store(survey, form, language, ResponseChannel.PAPER, current_user.id)
        flash(_("Paper form saved. Key in the next one."), "success")
        return redirect(url_for(".survey_enter", survey_id=survey.id, lang=language))
    page = render_template(
        "community/survey/enter.html", survey=survey, form=_blank(form), language=language
    )
    return page, 422 if form.errors else 200


@bp.route("/community/surveys/<int:survey_id>/rapid", methods=["GET", "POST"])
@permission_required(perm.can_key_community_survey)
@csrf_checked_by_form
def survey_rapid(survey_id):
    """Key in paper surveys one key per answer, keyboard only; a form sent twice is stored once."""
    survey = _survey_or_404(survey_id)
    groups = service.group_choices()
    form = rapid.rapid_form_class(groups)()
    if form.validate_on_submit():
        if form.answered():
            save = lambda: rapid.save_keyed(survey, form, current_user.id)  # noqa: E731
            _response, created = commit_idempotent(db.session, save)
            flash(SAVED if created else ALREADY_SAVED, "success" if created else "info")
            return redirect(url_for(".survey_rapid", survey_id=survey.id))
        form.form_errors.append(
            _("Nothing was typed: key in at least one answer, or skip this paper form.")
        )
    return _rapid_page(survey, form, groups)


def _rapid_page(survey, form, groups):
    """Show the keying page: a blank form (or the one refused) and the last one keyed."""
    language = current_language()
    last = rapid.last_entry(survey.id, current_user.id, groups, language)
    if not form.is_submitted():  # a new paper: the language of the last one keyed
        form.form_language.data = last.response.language if last else language
    if not form.submission_key.data:
        form.submission_key.data = new_submission_key()
    return render_template(
        "community/survey/rapid.html",
        survey=survey,
        form=form,
        language=language,
        count=rapid.paper_count(survey.id),
        last=last,
    ), 422 if form.is_submitted() else 200


@bp.route("/community/surveys/results")
@permission_required(perm.can_view_needs)
def survey_results():
    """Show how often each interest and barrier came up, overall and by target group."""
    survey_id, branch_id = query_id("survey"), query_id("branch")
    bring_surveys_up_to_date()
    db.session.commit()  # keep the refreshed cells
    language = current_language()
    results = service.survey_results(language, survey_id=survey_id, branch_id=branch_id)
    return render_template(
        "community/survey/results.html",
        results=results,
        surveys=[row.survey for row in service.list_surveys()],
        branches=branch_choices(),
        survey_id=survey_id,
        branch_id=branch_id,
        questions={
            code: service.question_text(code, language) for code in (INTERESTS_CODE, BARRIERS_CODE)
        },
    )


from program_planner.community.survey import views_import  # noqa: E402, F401  (its routes)
