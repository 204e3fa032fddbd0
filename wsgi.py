"""The WSGI entry point for gunicorn: `gunicorn wsgi:app`."""

from program_planner import create_app

app = create_app()
