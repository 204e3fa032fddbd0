"""Community needs and engagement: needs register, consultations, answering programs, survey."""

from flask import Blueprint

bp = Blueprint("community", __name__, template_folder="templates")

from program_planner.community import views  # noqa: E402, F401, I001
from program_planner.community import views_agreements  # noqa: E402, F401, I001
from program_planner.community.survey import views as survey_views  # noqa: E402, F401, I001
