"""Expected access to the community routes (needs register, consultations, measures)."""

from tests.routes_expected import ANY_STAFF, CREATORS, EVERYONE, PROGRAM_EDITORS, REVIEWERS

# The sample need and consultation belong to the programmer under test (for other roles, to
# another programmer): that programmer and reviewers edit them; frontline staff log pop-ups.
ROUTES = {
    "community.needs": {"GET": ANY_STAFF},
    "community.needs_unanswered": {"GET": ANY_STAFF},
    "community.need_detail": {"GET": ANY_STAFF},
    "community.need_new": {"GET": CREATORS, "POST": CREATORS},
    "community.need_edit": {"GET": CREATORS, "POST": CREATORS},
    "community.consultations": {"GET": ANY_STAFF},
    "community.consultation_detail": {"GET": ANY_STAFF},
    "community.consultation_new": {"GET": ANY_STAFF, "POST": ANY_STAFF},
    "community.consultation_edit": {"GET": CREATORS, "POST": CREATORS},
    "community.partners": {"GET": ANY_STAFF},
    "community.partner_detail": {"GET": ANY_STAFF},
    # the sample agreement was recorded by the programmer under test (else by another one)
    "community.agreement_new": {"GET": CREATORS, "POST": CREATORS},
    "community.agreement_edit": {"GET": CREATORS, "POST": CREATORS},
    "community.agreement_delete": {"POST": CREATORS},
    "community.survey_public": {"GET": EVERYONE, "POST": EVERYONE},
    "community.survey_thanks": {"GET": EVERYONE},
    "community.survey_qr_svg": {"GET": EVERYONE},
    "community.surveys": {"GET": ANY_STAFF},
    "community.survey_new": {"POST": REVIEWERS},
    "community.survey_set_active": {"POST": REVIEWERS},
    "community.survey_paper": {"GET": ANY_STAFF},
    "community.survey_enter": {"GET": ANY_STAFF, "POST": ANY_STAFF},
    "community.survey_rapid": {"GET": ANY_STAFF, "POST": ANY_STAFF},
    "community.survey_import": {"GET": CREATORS, "POST": CREATORS},
    "community.survey_import_preview": {"GET": CREATORS, "POST": CREATORS},
    "community.survey_import_confirm": {"POST": CREATORS},
    "community.survey_results": {"GET": ANY_STAFF},
    "reports.engagement": {"GET": REVIEWERS},
    "reports.engagement_xlsx": {"POST": REVIEWERS},
    **{
        f"community.program_needs_{action}": (
            {"POST": PROGRAM_EDITORS}
            if action == "delete"
            else {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS}
        )
        for action in ("new", "edit", "delete")
    },
}
