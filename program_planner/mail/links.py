"""Absolute links for messages, inside a request or outside one (reminders, follow-ups)."""

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, **values) -> str:
    """Return the absolute URL of an endpoint: the request's host, else PUBLIC_BASE_URL."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for(endpoint, _external=True, **values)
