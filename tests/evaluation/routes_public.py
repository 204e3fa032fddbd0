"""Expected access to the evaluation public routes."""

ROUTES = {}
