"""Expected access to the evaluation public routes."""

from tests.routes_expected import ANON, ANY_STAFF, DENIED, EVERYONE, LOGIN, OK

# The sample program's owner, coordinators and administrators (frontline staff key in answers
# but neither manage links nor see follow-up addresses).
OWNER_AND_REVIEWERS = {
    ANON: LOGIN,
    "programmer": OK,
    "frontline": DENIED,
    "coordinator": OK,
    "admin": OK,
}

ROUTES = {
    "evaluation.public_form": {"GET": EVERYONE, "POST": EVERYONE},
    "evaluation.public_form_thanks": {"GET": EVERYONE},
    "evaluation.public_follow_up_optin": {"POST": EVERYONE},
    "evaluation.public_follow_up_withdraw": {"GET": EVERYONE, "POST": EVERYONE},
    "evaluation.public_form_qr_svg": {"GET": EVERYONE},
    "evaluation.public_form_qr_png": {"GET": EVERYONE},
    "evaluation.public_form_by_code": {"GET": EVERYONE},
    "evaluation.public_link_create": {"POST": OWNER_AND_REVIEWERS},
    "evaluation.public_link_set_active": {"POST": OWNER_AND_REVIEWERS},
    "evaluation.public_follow_up_download": {"POST": OWNER_AND_REVIEWERS},
    "evaluation.public_paper_form": {"GET": ANY_STAFF},
    "evaluation.followup_survey": {"GET": EVERYONE, "POST": EVERYONE},
    "evaluation.followup_thanks": {"GET": EVERYONE},
    "evaluation.followup_unsubscribe": {"GET": EVERYONE, "POST": EVERYONE},
    "evaluation.followup_settings": {"GET": OWNER_AND_REVIEWERS, "POST": OWNER_AND_REVIEWERS},
}
