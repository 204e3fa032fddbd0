"""Expected access to the venues routes."""

from tests.routes_expected import PROGRAM_EDITORS  # noqa: F401

ROUTES = {}
