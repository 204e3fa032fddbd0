"""Expected access to the programs routes."""

from tests.routes_expected import ANY_STAFF, CREATORS, PROGRAM_EDITORS, REVIEWERS

ROUTES = {
    "programs.index": {"GET": ANY_STAFF},
    # nothing ticked: back to the list with a message
    "programs.approve_selected": {"POST": REVIEWERS},
    "programs.new": {"GET": CREATORS, "POST": CREATORS},
    "programs.detail": {"GET": ANY_STAFF},
    "programs.basics": {"GET": PROGRAM_EDITORS, "POST": PROGRAM_EDITORS},
    # lifecycle actions answer 403 only when the role may never do it; else 422 with a reason
    "programs.transition": {"POST": ANY_STAFF},
    "programs.lessons": {"POST": {**ANY_STAFF, "frontline": 403}},
    "programs.strategic_goals": {"GET": REVIEWERS},
    "programs.strategic_goals_new": {"GET": REVIEWERS, "POST": REVIEWERS},
    "programs.strategic_goals_edit": {"GET": REVIEWERS, "POST": REVIEWERS},
}
