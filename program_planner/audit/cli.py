"""`flask audit purge-addresses`: forget the client addresses of old audit events.

Run it daily (cron, a systemd timer or the task queue); it is safe to run twice or from two
servers at once.
"""

import click
from flask import current_app
from flask.cli import AppGroup

from program_planner.audit.service import purge_audit_addresses
from program_planner.extensions import db

audit_cli = AppGroup("audit", help="The audit log.")


@audit_cli.command("purge-addresses")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Keep addresses this many days (default: AUDIT_IP_RETENTION_DAYS).",
)
def purge_addresses_command(days):
    """Forget the client addresses of audit events older than the retention period."""
    days = current_app.config["AUDIT_IP_RETENTION_DAYS"] if days is None else days
    forgotten = purge_audit_addresses(retention_days=days)
    db.session.commit()
    click.echo(f"Forgot the address of {forgotten} audit event(s) older than {days} days.")
