"""Expected access to the outbox routes: administrators only."""

from tests.routes_expected import ADMIN_ONLY

ROUTES = {
    "mail.outbox": {"GET": ADMIN_ONLY},
    "mail.outbox_message": {"GET": ADMIN_ONLY},
    "mail.outbox_retry": {"POST": ADMIN_ONLY},
}
