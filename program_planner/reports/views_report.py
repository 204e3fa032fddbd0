"""Routes of the report part of results."""

from program_planner.reports import bp  # noqa: F401
