"""Expected access to the reports excel routes."""

ROUTES = {}
