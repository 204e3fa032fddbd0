"""Expected access to the notices routes: every staff member, each to their own notices."""

from tests.routes_expected import ANON, ANY_STAFF, LOGIN, OK

# The sample notice belongs to the sample program's owner: the programmer under test. For
# everyone else it does not exist (404), so nobody can read or mark another person's notices.
OWN_NOTICE = {ANON: LOGIN, "programmer": OK, "frontline": 404, "coordinator": 404, "admin": 404}

ROUTES = {
    "notifications.inbox": {"GET": ANY_STAFF},
    "notifications.open_notice": {"POST": OWN_NOTICE},
    "notifications.mark_read": {"POST": OWN_NOTICE},
    "notifications.mark_all_read": {"POST": ANY_STAFF},
    "notifications.preferences": {"GET": ANY_STAFF, "POST": ANY_STAFF},
}
