"""The planning parts of a program: target groups, objectives, budget, IT, promotion, collection."""

from flask import Blueprint

bp = Blueprint("planning", __name__, template_folder="templates")

from program_planner.planning import views  # noqa: E402, F401
