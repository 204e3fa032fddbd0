"""Expected access to the evaluation debriefs routes."""

ROUTES = {}
