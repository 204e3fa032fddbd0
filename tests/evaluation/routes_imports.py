"""Expected access to the evaluation imports routes."""

from tests.routes_expected import ANON, DENIED, LOGIN, OK

# The sample program is owned by the programmer under test; reviewers import for any program.
OWNER_OR_REVIEWERS = {
    ANON: LOGIN,
    "programmer": OK,
    "frontline": DENIED,
    "coordinator": OK,
    "admin": OK,
}

ROUTES = {
    "evaluation.import_upload": {"GET": OWNER_OR_REVIEWERS, "POST": OWNER_OR_REVIEWERS},
    "evaluation.import_mapping": {"GET": OWNER_OR_REVIEWERS, "POST": OWNER_OR_REVIEWERS},
    "evaluation.import_confirm": {"POST": OWNER_OR_REVIEWERS},
    "evaluation.import_cancel": {"POST": OWNER_OR_REVIEWERS},
    "evaluation.import_report": {"GET": OWNER_OR_REVIEWERS},
}
