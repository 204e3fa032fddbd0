"""Expected access to the evaluation frontline routes."""

from tests.routes_expected import ANY_STAFF, CREATORS

ROUTES = {
    # frontline staff of any branch, the program's owner and reviewers (the sample program is
    # owned by the programmer under test; another programmer's program is refused: see
    # tests/evaluation/test_frontline_*.py)
    "evaluation.frontline_session_report": {"GET": ANY_STAFF, "POST": ANY_STAFF},
    "evaluation.frontline_paper_entry": {"GET": ANY_STAFF, "POST": ANY_STAFF},
    # the staff member who keyed it in (the sample's owner, i.e. the programmer under test) and
    # reviewers; other frontline staff are refused
    "evaluation.frontline_paper_correct": {"GET": CREATORS, "POST": CREATORS},
}
