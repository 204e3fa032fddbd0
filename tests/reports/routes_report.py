"""Expected access to the reports report routes."""

ROUTES = {}
