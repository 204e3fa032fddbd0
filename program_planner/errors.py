"""Styled error pages, without tracebacks."""

import contextlib
import logging

import sqlalchemy as sa
from flask import Flask, current_app, render_template, request
from flask_babel import force_locale, get_locale
from flask_wtf.csrf import CSRFError

from program_planner.extensions import db

RETRY_AFTER_SECONDS = 30

ERROR_CODES = (400, 403, 404, 405, 413, 429, 500)


def render_error(error):
    """Render the styled page for an HTTP error."""
    code = getattr(error, "code", 500) or 500
    if code >= 500:
        db.session.rollback()
    return render_template("errors/error.html", code=code, csrf_error=False), code


def render_csrf_error(error):
    """Explain an expired or missing form token instead of a bare 400."""
    return render_template("errors/error.html", code=400, csrf_error=True), 400


def render_unavailable(error):
    """Answer 503 while the database is unreachable, keeping every field that was posted.

    The page needs no database: it re-posts what the person typed (with its form token and
    submission key, so a repeat is stored once) when they press "Send again".
    """
    logging.getLogger(__name__).error("database unavailable: %s", error)
    with contextlib.suppress(sa.exc.SQLAlchemyError):  # the connection is gone anyway
        db.session.rollback()
    kept = [(name, value) for name, values in request.form.lists() for value in values]
    asked = request.args.get("lang")  # the public form's own language switch
    language = asked if asked in current_app.config["LANGUAGES"] else None
    with force_locale(language or str(get_locale() or "en")):
        locale = get_locale()
        template = current_app.jinja_env.get_template("errors/unavailable.html")
        page = template.render(  # no context processors: they would load the account again
            kept=kept, language=locale.language if locale else "en", request=request
        )
    return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def register_error_handlers(app: Flask) -> None:
    """Use the styled error page for every error code we expect."""
    for code in ERROR_CODES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(CSRFError, render_csrf_error)
    app.register_error_handler(sa.exc.OperationalError, render_unavailable)
    app.register_error_handler(sa.exc.InterfaceError, render_unavailable)
