"""Sign in, sign out and change one's password."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from program_planner.auth import bp, service
from program_planner.auth.decorators import permission_required
from program_planner.auth.forms import ChangePasswordForm, LoginForm, login_account_key
from program_planner.auth.permissions import can_change_own_password
from program_planner.extensions import db, limiter
from program_planner.web import client_ip, csrf_checked_by_form, safe_next_url


def _failed_login(response):
    """Count only refused sign-ins against the rate limits."""
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN"], methods=["POST"], deduct_when=_failed_login
)
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LOGIN_PER_ACCOUNT"],
    methods=["POST"],
    key_func=login_account_key,
    deduct_when=_failed_login,
)
@csrf_checked_by_form
def login():
    """Show the sign-in form and sign the person in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user, problem = service.authenticate(form.username.data, form.password.data, client_ip())
        db.session.commit()
        if problem == "inactive":
            flash(_("This account has been deactivated. Ask your administrator."), "danger")
        elif user is None:
            flash(_("Username or password is incorrect."), "danger")
        else:
            language = session.get("lang")
            session.clear()  # a fresh session: nothing carried over from before sign-in
            if language:
                session["lang"] = language
            session.permanent = True
            login_user(user)
            return redirect(safe_next_url(form.next.data) or url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.errorhandler(429)
def too_many_attempts(error):
    """Refuse further sign-in attempts for a while, keeping the username typed."""
    form = LoginForm(
        formdata=None,
        username=request.form.get("username", "")[:64],
        next=request.form.get("next", ""),
    )
    flash(_("Too many sign-in attempts. Wait a minute, then try again."), "danger")
    return render_template("auth/login.html", form=form), 429


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out and end every session of this account."""
    service.logout(current_user._get_current_object())
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@permission_required(can_change_own_password)
@csrf_checked_by_form
def change_password():
    """Change one's own password; other sessions of the account end."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            service.change_password(user, form.current_password.data, form.new_password.data)
        except service.AccountError as error:
            field = form.current_password if error.field == "current_password" else None
            (field or form.new_password).errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)  # this session continues under the new token
            flash(_("Your password has been changed. Other sessions were signed out."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)


@bp.app_context_processor
def inject_permissions():
    """Let templates ask the permission rules (perm.can_manage_users(current_user))."""
    from program_planner.auth import permissions

    return {"perm": permissions}
