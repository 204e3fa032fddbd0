"""Routes of this area."""

from program_planner.people import models  # noqa: F401
