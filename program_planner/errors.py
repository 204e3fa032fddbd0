"""Styled error pages, without tracebacks."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from program_planner.extensions import db

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


def register_error_handlers(app: Flask) -> None:
    """Use the styled error page for every error code we expect."""
    for code in ERROR_CODES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(CSRFError, render_csrf_error)
