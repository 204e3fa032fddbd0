"""Routes of evaluation imports (registered on the evaluation blueprint)."""

from program_planner.evaluation import bp  # noqa: F401
