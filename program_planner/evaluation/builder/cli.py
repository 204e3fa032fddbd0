"""Flask commands of evaluation: `flask evaluation seed-questions`."""

import click
from flask.cli import AppGroup

from program_planner.db import begin_write
from program_planner.evaluation.builder.standard import ensure_standard_questions
from program_planner.extensions import db

evaluation_cli = AppGroup("evaluation", help="Evaluation forms and questions.")


@evaluation_cli.command("seed-questions")
def seed_questions_command():
    """Add the missing standard questions and template; running it again changes nothing."""
    begin_write(db.session)
    created = ensure_standard_questions()
    db.session.commit()
    if created:
        click.echo(f"Standard question bank: {created} row(s) added.")
    else:
        click.echo("Standard question bank already complete; nothing changed.")
