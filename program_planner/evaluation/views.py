"""Routes of evaluation capture: each part registers its routes on the evaluation blueprint."""

from program_planner.evaluation import (
    copying,  # noqa: F401
    models,  # noqa: F401
)
from program_planner.evaluation.builder import views as builder_views  # noqa: F401
from program_planner.evaluation.debriefs import views as debrief_views  # noqa: F401
from program_planner.evaluation.followup import views as followup_views  # noqa: F401
from program_planner.evaluation.frontline import views as frontline_views  # noqa: F401
from program_planner.evaluation.imports import views as import_views  # noqa: F401
from program_planner.evaluation.public import views as public_views  # noqa: F401
