"""Routes of this area."""

from program_planner.occurrences import models  # noqa: F401
