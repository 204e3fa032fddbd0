"""Expected access to the evaluation builder routes."""

ROUTES = {}
