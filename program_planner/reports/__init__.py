"""Results: objective attainment, program report, portfolio dashboard, annual statistics, Excel."""

from flask import Blueprint

bp = Blueprint("reports", __name__, template_folder="templates")

from program_planner.reports import views  # noqa: E402, F401
