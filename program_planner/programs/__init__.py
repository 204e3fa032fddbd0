"""Programs: proposals, their basics, lifecycle and history; the program list and page."""

from flask import Blueprint

bp = Blueprint("programs", __name__, template_folder="templates")

from program_planner.programs import views  # noqa: E402, F401
