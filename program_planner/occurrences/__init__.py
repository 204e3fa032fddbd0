"""Occurrences (sessions) of programs, the calendar and the iCalendar feed."""

from flask import Blueprint

bp = Blueprint("occurrences", __name__, template_folder="templates")

from program_planner.occurrences import views  # noqa: E402, F401
