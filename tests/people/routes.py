"""Expected access to the people routes."""

from tests.routes_expected import PROGRAM_EDITORS  # noqa: F401

ROUTES = {}
