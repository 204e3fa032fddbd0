"""Home page and language choice."""

from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from program_planner.auth import permissions as perm
from program_planner.evaluation.frontline.service import sessions_to_report
from program_planner.main import bp, service
from program_planner.main.forms import LanguageForm
from program_planner.web import safe_next_url


@bp.route("/")
@login_required
def home():
    """Show the signed-in staff member where to start, by role."""
    user = current_user
    to_review = service.awaiting_review() if perm.is_reviewer(user) else []
    return render_template(
        "main/home.html",
        user=user,
        mine=service.my_programs(user) if perm.can_create_program(user) else [],
        to_review=to_review,
        resubmitted=service.resubmitted(to_review),
        upcoming=service.upcoming_sessions(None if perm.is_reviewer(user) else user.branch_id),
        worklist=sessions_to_report(user.branch_id) if perm.can_see_session_worklist(user) else [],
    )


@bp.route("/language", methods=["POST"])
def set_language():
    """Remember the chosen language for this browser and go back to the page."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = form.lang.data
    return redirect(safe_next_url(form.next.data) or url_for("main.home"))
