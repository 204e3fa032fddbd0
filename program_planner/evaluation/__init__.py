"""Evaluation capture: forms tied to objectives, public link and QR code, paper, frontline entry,
presenter and staff debriefs, imports."""

from flask import Blueprint

bp = Blueprint("evaluation", __name__, template_folder="templates")

from program_planner.evaluation import views  # noqa: E402, F401
from program_planner.evaluation.kinds import kind_of  # noqa: E402

bp.add_app_template_global(kind_of, "question_kind")
