"""flask reports …: maintenance of the stored result figures."""

import click
from flask.cli import AppGroup

from program_planner.extensions import db
from program_planner.reports.results import refresh_all

reports_cli = AppGroup("reports", help="Results: stored per-program figures.")


@reports_cli.command("refresh-results")
def refresh_results_command():
    """Recompute every program's stored result figures (after bulk loads or restores)."""
    count = refresh_all()
    db.session.commit()
    click.echo(f"Refreshed the result figures of {count} programs.")
