"""Expected access to the reports dashboard routes."""

ROUTES = {}
