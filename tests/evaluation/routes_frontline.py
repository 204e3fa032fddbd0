"""Expected access to the evaluation frontline routes."""

ROUTES = {}
