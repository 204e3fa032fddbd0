"""The one-page impact report (PDF): one program, or a fiscal year's portfolio."""

from flask import Blueprint

bp = Blueprint("impact", __name__, template_folder="templates")

from program_planner.reports.impact import models, views  # noqa: E402, F401
