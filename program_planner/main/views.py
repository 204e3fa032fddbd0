"""Home page and language choice."""

from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from program_planner.main import bp
from program_planner.main.forms import LanguageForm
from program_planner.web import safe_next_url


@bp.route("/")
@login_required
def home():
    """Show the signed-in staff member where to start, by role."""
    return render_template("main/home.html", user=current_user)


@bp.route("/language", methods=["POST"])
def set_language():
    """Remember the chosen language for this browser and go back to the page."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["lang"] = form.lang.data
    return redirect(safe_next_url(form.next.data) or url_for("main.home"))
