"""flask planning …: maintenance of the budget roll-up's stored cells."""

import click
from flask.cli import AppGroup

from program_planner.extensions import db
from program_planner.planning.budget_cells import refresh_all_budget_cells

planning_cli = AppGroup("planning", help="Planning: the budget roll-up's stored cells.")


@planning_cli.command("refresh-budget")
def refresh_budget_command():
    """Recompute every budget cell from the budget lines (after bulk loads or restores)."""
    refresh_all_budget_cells()
    db.session.commit()
    click.echo("Refreshed the budget roll-up's cells.")
