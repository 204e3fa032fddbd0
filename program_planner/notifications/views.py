"""Routes of notices: the inbox, marking read, one's preferences; the unread count in the bar."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from program_planner.auth import permissions as perm
from program_planner.auth.decorators import permission_required
from program_planner.auth.forms import ConfirmForm
from program_planner.extensions import db
from program_planner.notifications import bp, service
from program_planner.notifications.forms import PreferencesForm
from program_planner.notifications.messages import link_url, render
from program_planner.web import csrf_checked_by_form, query_page


@bp.app_context_processor
def inject_unread_notices():
    """Give the navigation bar a function that counts the reader's unread notices (one query)."""

    def unread_notices() -> int:
        if not perm.can_read_notices(current_user):
            return 0
        return service.unread_count(current_user.id)

    return {"unread_notices": unread_notices, "unread_shown_up_to": service.UNREAD_SHOWN_UP_TO}


@bp.route("/notices")
@permission_required(perm.can_read_notices)
def inbox():
    """List my notices, newest first, unread ones marked."""
    page = service.inbox_page(current_user.id, query_page())
    notices = [(notice, render(notice)) for notice in page.items]
    return render_template(
        "notifications/inbox.html",
        page=page,
        notices=[(n, r, link_url(r)) for n, r in notices],
        form=ConfirmForm(),
        unread=service.unread_count(current_user.id),
    )


def _own_notice(notice_id):
    return service.own_notice(current_user.id, notice_id) or abort(404)


@bp.route("/notices/<int:notice_id>/open", methods=["POST"])
@permission_required(perm.can_read_notices)
def open_notice(notice_id):
    """Mark a notice read and go where it leads."""
    notice = _own_notice(notice_id)
    service.mark_read(notice)
    db.session.commit()
    return redirect(link_url(render(notice)) or url_for(".inbox"))


@bp.route("/notices/<int:notice_id>/read", methods=["POST"])
@permission_required(perm.can_read_notices)
def mark_read(notice_id):
    """Mark one notice read and stay on the list."""
    service.mark_read(_own_notice(notice_id))
    db.session.commit()
    return redirect(url_for(".inbox"))


@bp.route("/notices/read-all", methods=["POST"])
@permission_required(perm.can_read_notices)
def mark_all_read():
    """Mark every notice read."""
    count = service.mark_all_read(current_user.id)
    db.session.commit()
    if count:
        flash(_("All your notices are marked read."), "success")
    return redirect(url_for(".inbox"))


@bp.route("/account/preferences", methods=["GET", "POST"])
@permission_required(perm.can_change_own_preferences)
@csrf_checked_by_form
def preferences():
    """Choose how notices reach me by email, and the language of my mail."""
    user = current_user._get_current_object()
    form = PreferencesForm(email_notices=user.email_notices, language=user.language or "")
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    form.set_languages(languages, languages.get(default, default))
    if form.validate_on_submit():
        service.save_preferences(user, form.email_notices.data, form.language.data or None)
        db.session.commit()
        flash(_("Your preferences are saved."), "success")
        return redirect(url_for(".preferences"))
    return render_template(
        "notifications/preferences.html", form=form, has_email=bool(user.email)
    ), (422 if form.errors else 200)
