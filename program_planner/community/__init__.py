"""Community needs and engagement: the needs register, consultations, programs answering needs."""

from flask import Blueprint

bp = Blueprint("community", __name__, template_folder="templates")

from program_planner.community import views  # noqa: E402, F401
