"""flask reports …: maintenance of the stored result figures."""

import click
from flask.cli import AppGroup

from program_planner.community.survey.cells import refresh_all_surveys
from program_planner.extensions import db
from program_planner.reports.engagement.cells import refresh_all_engagement
from program_planner.reports.results import bring_up_to_date, refresh_all

reports_cli = AppGroup("reports", help="Results: stored per-program figures.")


@reports_cli.command("refresh-results")
def refresh_results_command():
    """Recompute every program's stored result figures, the engagement figures and the
    community survey results (after bulk loads or restores)."""
    count = refresh_all()
    db.session.commit()
    click.echo(f"Refreshed the result figures of {count} programs.")
    refresh_all_engagement()
    db.session.commit()
    refresh_all_surveys()
    db.session.commit()
    click.echo("Refreshed the engagement figures and the community survey results.")


@reports_cli.command("update-results")
def update_results_command():
    """Bring the stored figures of programs changed since the last update up to date."""
    waiting = bring_up_to_date(limit=10_000)
    db.session.commit()
    while waiting:
        waiting = bring_up_to_date(limit=10_000)
        db.session.commit()
    click.echo("The stored result figures are up to date.")
