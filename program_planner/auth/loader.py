"""Flask-Login wiring: load the user by session token; force a password change when due."""

import sqlalchemy as sa
from flask import redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from program_planner.auth.models import User
from program_planner.extensions import db, login_manager

ALLOWED_WHILE_PASSWORD_MUST_CHANGE = {
    "auth.change_password",
    "auth.logout",
    "main.set_language",
    "static",
    "bootstrap.static",
}


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """Return the active user whose current session token this is."""
    if not session_token:
        return None
    return db.session.scalar(
        sa.select(User).where(User.session_token == session_token, User.active.is_(True))
    )


def redirect_if_password_must_change():
    """Send a user with a temporary password to change it before anything else."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in ALLOWED_WHILE_PASSWORD_MUST_CHANGE
    ):
        return redirect(url_for("auth.change_password"))
    return None


def configure_login_manager():
    """Set the sign-in page and its message."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
