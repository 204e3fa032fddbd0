"""Routes of this area."""

from program_planner.venues import models  # noqa: F401
