"""Small helpers for views: safe redirects, client address, form-checked CSRF."""

from urllib.parse import urlsplit

from flask import request

from program_planner.extensions import csrf


def safe_next_url(target: str | None) -> str | None:
    """Return target if it is a path on this site, else None (never an open redirect)."""
    if not target:
        return None
    target = target.strip()
    if (
        not target.startswith("/")
        or target.startswith("//")
        or any(c in target for c in "\\\r\n\t")
        or len(target) > 2000
    ):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def client_ip() -> str | None:
    """Return the client's address as seen after trusted proxies (ProxyFix)."""
    return request.remote_addr


def csrf_checked_by_form(view):
    """Mark a view whose FlaskForm checks the CSRF token itself.

    The form then reports an expired or missing token at the top of the page and keeps what
    the person typed, instead of a bare 400. Such a view must act only after
    form.validate_on_submit(); tests/test_csrf.py posts to every route without a token.
    """
    view.csrf_checked_by_form = True
    return csrf.exempt(view)
