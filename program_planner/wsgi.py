"""The WSGI entry point of an installed package: `gunicorn program_planner.wsgi:app`."""

from program_planner import create_app

app = create_app()
