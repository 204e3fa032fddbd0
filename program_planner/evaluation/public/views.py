"""The attendee's form by link and QR code, the thank-you page, follow-up opt-in and withdrawal.

Public pages need no account. The language is the attendee's: ?lang= from the switch on the
page, else the language chosen before, else the browser's.
"""

from functools import wraps

from flask import Response as HttpResponse
from flask import current_app, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded

from program_planner.db import commit_idempotent
from program_planner.evaluation import bp
from program_planner.evaluation.engine import (
    answers_from_form,
    make_response_form,
    new_submission_key,
    program_questions,
    save_response,
)
from program_planner.evaluation.models import ResponseChannel, ResponseKind
from program_planner.evaluation.public import service, staff  # noqa: F401 - staff routes
from program_planner.evaluation.public.forms import FollowUpForm, WithdrawForm
from program_planner.evaluation.public.language import chosen_language, in_chosen_language
from program_planner.extensions import db, limiter
from program_planner.web import csrf_checked_by_form

TEMPLATES = "evaluation/public/"


def public_limit():
    """Return the per-address allowance of public posts (a whole audience on one Wi-Fi)."""
    return current_app.config["RATELIMIT_PUBLIC_FORM"]


def _page(template, status=200, **context):
    return render_template(TEMPLATES + template, **context), status


def _not_found():
    return _page("not_found.html", 404)


def _closed(link):
    return _page("closed.html", 410, link=link, program=link.program)


def _form_page(link, form, language, status=200, limited=False):
    first, last = service.session_dates(link)
    return _page(
        "form.html",
        status,
        link=link,
        program=link.program,
        form=form,
        language=language,
        first_session=first,
        last_session=last,
        limited=limited,
    )


def _keep_answers_when_limited(view):
    """Answer a refused post with the form and every answer kept, status 429."""

    @wraps(view)
    def wrapped(form_token, **kwargs):
        try:
            return view(form_token, **kwargs)
        except RateLimitExceeded:
            language = kwargs.get("language") or chosen_language()
            link = service.link_by_token(form_token)
            if link is None or service.is_closed(link):
                return _not_found() if link is None else _closed(link)
            form = make_response_form(program_questions(link.program_id), language)()
            return _form_page(link, form, language, status=429, limited=True)

    return wrapped


@bp.route("/f/<form_token>", methods=["GET", "POST"])
@csrf_checked_by_form
@in_chosen_language
@_keep_answers_when_limited
@limiter.limit(public_limit, methods=["POST"])
def public_form(form_token, language):
    """Show a program's evaluation form to an attendee and store their answers once."""
    link = service.link_by_token(form_token)
    if link is None:
        return _not_found()
    if service.is_closed(link):
        return _closed(link)
    questions = program_questions(link.program_id)
    form = make_response_form(questions, language)()
    if not form.is_submitted():
        form.submission_key.data = new_submission_key()
    elif form.validate_on_submit() and questions:
        _store_answers(link, form, questions, language)
        return redirect(url_for(".public_form_thanks", form_token=form_token, lang=language))
    if not form.submission_key.data:
        form.submission_key.data = new_submission_key()
    return _form_page(link, form, language, status=422 if form.errors else 200)


def _store_answers(link, form, questions, language) -> None:
    """Store one response and commit it (a post repeated after a lost answer stores it once)."""
    commit_idempotent(
        db.session,
        lambda: save_response(
            program_id=link.program_id,
            occurrence_id=link.occurrence_id,
            kind=link.kind,
            channel=ResponseChannel.ONLINE,
            language=language,
            submission_key=service.clean_submission_key(form.submission_key.data),
            answers=answers_from_form(form, questions),
        ),
    )


def _thanks_page(link, language, form=None, withdraw_url=None, status=200):
    offer = link.kind == ResponseKind.IMMEDIATE and not service.is_closed(link)
    return _page(
        "thanks.html",
        status,
        link=link,
        program=link.program,
        language=language,
        form=form or FollowUpForm(formdata=None),
        offer_follow_up=offer,
        withdraw_url=withdraw_url,
        consent_version=service.CONSENT_VERSION,
        retention_days=current_app.config["FOLLOW_UP_RETENTION_DAYS"],
    )


@bp.route("/f/<form_token>/thanks")
@in_chosen_language
def public_form_thanks(form_token, language):
    """Thank the attendee and offer the follow-up survey."""
    link = service.link_by_token(form_token)
    if link is None:
        return _not_found()
    return _thanks_page(link, language)


@bp.route("/f/<form_token>/follow-up", methods=["POST"])
@csrf_checked_by_form
@in_chosen_language
@limiter.limit(public_limit)
def public_follow_up_optin(form_token, language):
    """Keep an attendee's email for the follow-up survey, apart from their answers."""
    link = service.link_by_token(form_token)
    if link is None:
        return _not_found()
    if service.is_closed(link) or link.kind != ResponseKind.IMMEDIATE:
        return _closed(link)
    form = FollowUpForm()
    if not form.validate_on_submit():
        return _thanks_page(link, language, form=form, status=422)
    new_token = service.add_follow_up_contact(link.program_id, form.email.data, language)
    db.session.commit()
    url = url_for(
        ".public_follow_up_withdraw", withdraw_token=new_token, lang=language, _external=True
    )
    return _thanks_page(link, language, withdraw_url=url)


@bp.route("/follow-up/withdraw/<withdraw_token>", methods=["GET", "POST"])
@csrf_checked_by_form
@in_chosen_language
@limiter.limit(public_limit, methods=["POST"])
def public_follow_up_withdraw(withdraw_token, language):
    """Ask to confirm, then delete an address from the follow-up list."""
    form = WithdrawForm()
    contact = service.contact_for_token(withdraw_token)
    if contact is None:
        return _page("withdraw.html", 200, form=form, state="unknown", language=language)
    if form.validate_on_submit():
        service.withdraw_contact(contact)
        db.session.commit()
        return _page("withdraw.html", 200, form=form, state="done", language=language)
    return _page("withdraw.html", 200, form=form, state="confirm", language=language)


def _qr_url(form_token):
    """Return the form's address; ?lang=fr gives the address of the French form."""
    lang = request.args.get("lang")
    lang = lang if lang in current_app.config["LANGUAGES"] else None
    return url_for(".public_form", form_token=form_token, lang=lang, _external=True)


@bp.route("/code")
@in_chosen_language
@limiter.limit(public_limit)
def public_form_by_code(language):
    """Open a form from the short code printed on its paper form, for people who type it."""
    typed = request.args.get("code", "")
    if not typed.strip():
        return _page("code.html", typed="", language=language)
    link = service.link_by_code(typed)
    if link is None:
        return _page("code.html", 422, typed=typed, not_found=True, language=language)
    return redirect(url_for("evaluation.public_form", form_token=link.token, lang=language))


@bp.route("/f/<form_token>/qr.svg")
def public_form_qr_svg(form_token):
    """Return the QR code of a form's address, as SVG."""
    link = service.link_by_token(form_token)
    if link is None:
        return _not_found()
    body = service.qr_svg(_qr_url(form_token), title=link.program.title)
    return HttpResponse(body, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


@bp.route("/f/<form_token>/qr.png")
def public_form_qr_png(form_token):
    """Return the QR code of a form's address, as a PNG for printing."""
    if service.link_by_token(form_token) is None:
        return _not_found()
    return HttpResponse(
        service.qr_png(_qr_url(form_token)),
        mimetype="image/png",
        headers={"Cache-Control": "max-age=3600"},
    )
