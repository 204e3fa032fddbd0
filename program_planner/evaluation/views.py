"""Routes of evaluation capture."""

from program_planner.evaluation import models  # noqa: F401
