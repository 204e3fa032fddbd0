"""Home page and language choice."""

from flask import Blueprint

bp = Blueprint("main", __name__, template_folder="templates")

from program_planner.main import views  # noqa: E402, F401
