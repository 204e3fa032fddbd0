"""Partners (community organisations) and presenters of programs."""

from flask import Blueprint

bp = Blueprint("people", __name__, template_folder="templates")

from program_planner.people import views  # noqa: E402, F401
