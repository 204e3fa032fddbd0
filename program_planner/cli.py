"""Flask commands: `flask users create` and `flask demo load`."""

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from program_planner.auth import service as accounts
from program_planner.auth.models import Branch, Role
from program_planner.db import begin_write
from program_planner.extensions import db

users_cli = AppGroup("users", help="Manage staff accounts.")
demo_cli = AppGroup("demo", help="Demo data for trying the application.")


@users_cli.command("create")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--branch", "branch_code", required=True, help="Branch code, e.g. CEN.")
@click.option("--email", default="")
@click.password_option(help="Prompted for (hidden) when not given.")
def create_user_command(username, full_name, role, branch_code, email, password):
    """Create a staff account (the password is asked for, hidden)."""
    begin_write(db.session)
    branch = db.session.scalar(sa.select(Branch).where(Branch.code == branch_code.upper()))
    if branch is None:
        codes = ", ".join(db.session.scalars(sa.select(Branch.code).order_by(Branch.code)))
        raise click.ClickException(f"No branch with code {branch_code!r}. Known: {codes or 'none'}")
    try:
        user = accounts.create_user(
            None,
            username=username,
            full_name=full_name,
            email=email,
            role=Role(role),
            branch=branch,
            password=password,
            must_change_password=False,
        )
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.username!r} at {branch.name}.")


@users_cli.command("create-branch")
@click.option("--name", required=True)
@click.option("--code", required=True)
@click.option("--address", default="")
def create_branch_command(name, code, address):
    """Create a branch (the first one, before any account exists)."""
    from program_planner.admin.service import BranchError, save_branch

    try:
        save_branch(None, None, name=name, code=code, address=address, active=True)
    except BranchError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created branch {name!r} ({code.upper()}).")


@demo_cli.command("load")
def load_demo_command():
    """Load the demo library system once; running it again changes nothing."""
    from program_planner.demo import DEMO_ACCOUNTS, load_demo

    created = load_demo()
    db.session.commit()
    click.echo("Demo data " + ("loaded." if created else "already present; nothing changed."))
    click.echo("Demo accounts (username / password):")
    for username, password, role, _name, _branch in DEMO_ACCOUNTS:
        click.echo(f"  {role:<12} {username:<12} {password}")
