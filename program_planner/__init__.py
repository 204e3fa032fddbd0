"""Program Planner: plan adult programs at public libraries and prove what they achieved."""

import os

from flask import Flask

from program_planner.config import CONFIGS, SQLITE_FILE
from program_planner.errors import register_error_handlers
from program_planner.i18n import register_i18n
from program_planner.security import register_security


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI, hooks."""
    app = Flask(__name__, instance_relative_config=True)
    register_config(app, config_name, overrides)
    register_extensions(app)
    register_blueprints(app)
    register_outbound(app)
    register_i18n(app)
    register_security(app)
    register_error_handlers(app)
    register_commands(app)
    return app


def register_config(app: Flask, config_name: str | None, overrides: dict) -> None:
    """Load the named configuration (PROGRAM_PLANNER_CONFIG, default production)."""
    name = config_name or os.environ.get("PROGRAM_PLANNER_CONFIG", "production")
    config = CONFIGS[name]
    app.config.from_object(config)
    app.config.from_pyfile("settings.py", silent=True)
    app.config.update(overrides)
    if hasattr(config, "check"):
        config.check()
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        sqlite_path = os.path.join(app.instance_path, SQLITE_FILE)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{sqlite_path}"


def migrations_directory(app: Flask) -> str:
    """Find the Alembic scripts: inside the installed package, or migrations/ in a checkout."""
    packaged = os.path.join(app.root_path, "migrations")
    if os.path.isfile(os.path.join(packaged, "env.py")):
        return packaged
    return os.path.normpath(os.path.join(app.root_path, "..", "migrations"))


def register_extensions(app: Flask) -> None:
    """Bind the extensions and set SQLite up for concurrent use."""
    from program_planner.auth.loader import configure_login_manager
    from program_planner.db import configure_engine
    from program_planner.extensions import babel, bootstrap, csrf, db, limiter, login_manager
    from program_planner.extensions import migrate as migrate_ext

    db.init_app(app)
    migrate_ext.init_app(app, db, directory=migrations_directory(app), render_as_batch=True)
    login_manager.init_app(app)
    configure_login_manager()
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    from program_planner.i18n import select_locale, select_timezone

    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])


def register_outbound(app: Flask) -> None:
    """Set up the task queue, mail through the outbox, and the tasks of every area."""
    from program_planner.extensions import mail
    from program_planner.jobs.queue import configure_queue
    from program_planner.jobs.service import register_dispatch
    from program_planner.mail.service import register_sending

    configure_queue(app)
    mail.init_app(app)
    register_dispatch()
    register_sending()
    import program_planner.audit.tasks  # noqa: F401 - each area's tasks and upkeep
    import program_planner.evaluation.public.tasks  # noqa: F401
    import program_planner.evaluation.reminders  # noqa: F401
    import program_planner.jobs.tasks  # noqa: F401
    import program_planner.mail.tasks  # noqa: F401
    import program_planner.notifications.tasks  # noqa: F401
    import program_planner.reports.tasks  # noqa: F401


def register_blueprints(app: Flask) -> None:
    """Attach each feature area's routes."""
    from program_planner.admin import bp as admin_bp
    from program_planner.auth import bp as auth_bp
    from program_planner.auth.loader import redirect_if_password_must_change
    from program_planner.community import bp as community_bp
    from program_planner.evaluation import bp as evaluation_bp
    from program_planner.jobs.views import bp as jobs_bp
    from program_planner.mail import bp as mail_bp
    from program_planner.main import bp as main_bp
    from program_planner.notifications import bp as notifications_bp
    from program_planner.occurrences import bp as occurrences_bp
    from program_planner.people import bp as people_bp
    from program_planner.planning import bp as planning_bp
    from program_planner.planning.budget_cells import register_budget_tracking
    from program_planner.programs import bp as programs_bp
    from program_planner.reports import bp as reports_bp
    from program_planner.reports.impact import bp as impact_bp
    from program_planner.reports.results import register_results_tracking
    from program_planner.venues import bp as venues_bp
    from program_planner.web import register_input_handling

    register_input_handling(app)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(programs_bp)
    app.register_blueprint(planning_bp)
    app.register_blueprint(venues_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(community_bp)
    app.register_blueprint(occurrences_bp)
    app.register_blueprint(evaluation_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(impact_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(jobs_bp)
    register_results_tracking()
    register_budget_tracking()
    app.before_request(redirect_if_password_must_change)


def register_commands(app: Flask) -> None:
    """Add the flask commands: users, demo data, evaluation, results, audit log."""
    from program_planner.audit.cli import audit_cli
    from program_planner.cli import demo_cli, users_cli
    from program_planner.evaluation.builder.cli import evaluation_cli
    from program_planner.evaluation.public.cli import purge_contacts_command
    from program_planner.jobs.cli import jobs_cli, serve_command
    from program_planner.planning.cli import planning_cli
    from program_planner.reports.cli import reports_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    evaluation_cli.add_command(purge_contacts_command)
    app.cli.add_command(evaluation_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(planning_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(serve_command)
    app.cli.add_command(audit_cli)
