"""Routes of evaluation public (registered on the evaluation blueprint)."""

from program_planner.evaluation import bp  # noqa: F401
