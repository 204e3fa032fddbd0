"""Administration: branches, staff accounts and the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from program_planner.admin import settings, views  # noqa: E402, F401
