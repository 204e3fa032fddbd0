"""Routes of the results area."""

from program_planner.reports import models  # noqa: F401
