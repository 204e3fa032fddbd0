"""Expected access to the venues routes."""

from tests.routes_expected import REVIEWERS

ROUTES = {
    "venues.venues": {"GET": REVIEWERS},
    "venues.venues_new": {"GET": REVIEWERS, "POST": REVIEWERS},
    "venues.venues_edit": {"GET": REVIEWERS, "POST": REVIEWERS},
}
