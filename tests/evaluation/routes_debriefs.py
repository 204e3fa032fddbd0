"""Expected access to the evaluation debriefs routes."""

from tests.routes_expected import ANON, DENIED, EVERYONE, LOGIN, OK

# The program's owner and reviewers (coordinators, admins) manage debriefs; frontline do not.
DEBRIEF_MANAGERS = {
    ANON: LOGIN,
    "programmer": OK,
    "frontline": DENIED,
    "coordinator": OK,
    "admin": OK,
}

ROUTES = {
    "evaluation.presenter_debrief_open": {"GET": EVERYONE},
    "evaluation.presenter_debrief": {"GET": EVERYONE, "POST": EVERYONE},
    "evaluation.debrief_link_new": {"GET": DEBRIEF_MANAGERS, "POST": DEBRIEF_MANAGERS},
    "evaluation.debrief_link_revoke": {"POST": DEBRIEF_MANAGERS},
    "evaluation.debrief_link": {"GET": DEBRIEF_MANAGERS},
    "evaluation.debrief_link_send": {"POST": DEBRIEF_MANAGERS},
    "evaluation.staff_debrief": {"GET": DEBRIEF_MANAGERS, "POST": DEBRIEF_MANAGERS},
}
