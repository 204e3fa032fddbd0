"""Venues: branch rooms and community venues where sessions happen."""

from flask import Blueprint

bp = Blueprint("venues", __name__, template_folder="templates")

from program_planner.venues import views  # noqa: E402, F401
