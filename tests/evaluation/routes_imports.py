"""Expected access to the evaluation imports routes."""

ROUTES = {}
