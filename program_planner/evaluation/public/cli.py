"""`flask evaluation purge-contacts`: delete follow-up addresses past the retention period.

Registered in the `evaluation` command group (see register_commands).
"""

import click
from flask import current_app
from flask.cli import with_appcontext

from program_planner.evaluation.public import service
from program_planner.extensions import db


@click.command("purge-contacts")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Retention in days (default: FOLLOW_UP_RETENTION_DAYS).",
)
@with_appcontext
def purge_contacts_command(days):
    """Delete follow-up contacts older than the retention period."""
    days = current_app.config["FOLLOW_UP_RETENTION_DAYS"] if days is None else days
    deleted = service.purge_contacts(days)
    db.session.commit()
    click.echo(f"Deleted {deleted} follow-up contact(s) older than {days} days.")
