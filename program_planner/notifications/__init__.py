"""Notifications: every hand-off tells the next person, in the app and by email as each prefers."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, template_folder="templates")

from program_planner.notifications import views  # noqa: E402, F401 - routes
