"""The WSGI entry point for gunicorn in a checkout: `gunicorn wsgi:app`."""

from program_planner.wsgi import app

__all__ = ["app"]
