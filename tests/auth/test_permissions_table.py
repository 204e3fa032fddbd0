"""auth/permissions.py as plain function calls: every rule × role × ownership × status.

The expected answers are written out here as a table, independently of the code, so a change to
a rule fails this test until the table is changed on purpose.
"""

from types import SimpleNamespace

import pytest

from program_planner.auth import permissions as perm
from program_planner.auth.models import Role

ROLES = ("programmer", "frontline", "coordinator", "admin")
STATUSES = (
    "draft",
    "submitted",
    "returned",
    "approved",
    "scheduled",
    "delivered",
    "evaluated",
    "closed",
    "declined",
    "cancelled",
)
OWNER_ID = 7


def user(role, user_id=1, active=True, authenticated=True):
    return SimpleNamespace(
        id=user_id, role=Role(role), active=active, is_authenticated=authenticated
    )


def program(status):
    return SimpleNamespace(owner_id=OWNER_ID, status=status)


# rule -> the roles allowed (for rules of the user alone)
USER_RULES = {
    "can_manage_users": {"admin"},
    "can_erase_staff": {"admin"},
    "can_manage_branches": {"admin"},
    "can_read_outbox": {"admin"},
    "can_view_audit_log": {"admin"},
    "can_change_settings": {"admin"},
    "can_change_own_password": set(ROLES),
    "can_view_programs": set(ROLES),
    "can_create_program": {"programmer", "coordinator", "admin"},
    "can_view_budget_rollup": {"coordinator", "admin"},
    "can_manage_catalogues": {"coordinator", "admin"},
    "can_manage_it_requests": {"coordinator", "admin"},
    "can_manage_question_bank": {"coordinator", "admin"},
    "can_assess_objectives": {"coordinator", "admin"},
    "can_view_portfolio": {"coordinator", "admin"},
    "can_export": {"coordinator", "admin"},
    "can_view_needs": set(ROLES),
    "can_propose_need": {"programmer", "coordinator", "admin"},
    "can_set_need_priority": {"coordinator", "admin"},
    "can_log_consultation": set(ROLES),
    "can_log_any_consultation": {"programmer", "coordinator", "admin"},
    "can_view_engagement": {"coordinator", "admin"},
    "can_manage_community_survey": {"coordinator", "admin"},
    "can_key_community_survey": set(ROLES),
    "can_record_agreement": {"programmer", "coordinator", "admin"},
    "can_import_community_survey": {"programmer", "coordinator", "admin"},
}

PROPOSAL = {"draft", "returned"}
LOGISTICS = {"draft", "returned", "submitted", "approved", "scheduled", "delivered"}
NOT_CLOSED = {"draft", "returned", "submitted", "approved", "scheduled", "delivered", "evaluated"}
EVERY = set(STATUSES)


def expected_program_rule(rule, role, owner, status) -> bool:
    """The table of program rules: who may, by role, ownership and status."""
    reviewer = role in ("coordinator", "admin")
    table = {
        "can_edit_proposal": role == "admin" or (owner and status in PROPOSAL),
        "can_edit_logistics": role == "admin" or (owner and status in LOGISTICS),
        "can_view_budget": reviewer or owner,
        "can_edit_evaluation_form": (reviewer or owner) and status in NOT_CLOSED,
        "can_enter_responses": role == "frontline" or owner or reviewer,
        "can_view_responses": owner or reviewer,
        "can_manage_debriefs": owner or reviewer,
        "can_view_program_report": owner or reviewer,
        "can_pick_report_comments": owner or reviewer,
    }
    return table[rule]


PROGRAM_RULES = (
    "can_edit_proposal",
    "can_edit_logistics",
    "can_view_budget",
    "can_edit_evaluation_form",
    "can_enter_responses",
    "can_view_responses",
    "can_manage_debriefs",
    "can_view_program_report",
    "can_pick_report_comments",
)


@pytest.mark.parametrize("rule", sorted(USER_RULES))
@pytest.mark.parametrize("role", ROLES)
def test_rules_of_the_user_alone(rule, role):
    check = getattr(perm, rule)
    assert check(user(role)) is (role in USER_RULES[rule])
    assert check(user(role, active=False)) is False  # a deactivated account may nothing
    assert check(user(role, authenticated=False)) is False


@pytest.mark.parametrize("rule", PROGRAM_RULES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", [True, False])
def test_program_rules_by_role_ownership_and_status(rule, role, owner):
    check = getattr(perm, rule)
    me = user(role, user_id=OWNER_ID if owner else 99)
    got = {status: check(me, program(status)) for status in STATUSES}
    want = {status: expected_program_rule(rule, role, owner, status) for status in STATUSES}
    assert got == want
    assert not any(check(user(role, OWNER_ID, active=False), program(s)) for s in STATUSES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("keyed_by_me", [True, False])
@pytest.mark.parametrize("owner", [True, False])
def test_correcting_a_paper_form(role, keyed_by_me, owner):
    me = user(role, user_id=OWNER_ID if owner else 99)
    response = SimpleNamespace(entered_by_id=me.id if keyed_by_me else 12345)
    got = perm.can_correct_paper_entry(me, program("delivered"), response)
    reviewer = role in ("coordinator", "admin")
    may_enter = role == "frontline" or owner or reviewer
    assert got is (reviewer or (keyed_by_me and may_enter))


@pytest.mark.parametrize("role", ROLES)
def test_following_a_job(role):
    mine = SimpleNamespace(requested_by_id=1)
    theirs = SimpleNamespace(requested_by_id=2)
    nobodys = SimpleNamespace(requested_by_id=None)
    me = user(role, user_id=1)
    assert perm.can_follow_job(me, mine) is True
    assert perm.can_follow_job(me, theirs) is (role == "admin")
    assert perm.can_follow_job(me, nobodys) is (role == "admin")
    assert perm.can_follow_job(user(role, 1, active=False), mine) is False


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mine", [True, False])
def test_community_rules_by_ownership(role, mine):
    me = user(role, user_id=OWNER_ID)
    need = SimpleNamespace(owner_id=OWNER_ID if mine else 99)
    consultation = SimpleNamespace(created_by_id=OWNER_ID if mine else 99)
    reviewer = role in ("coordinator", "admin")
    assert perm.can_edit_need(me, need) is (reviewer or (mine and role == "programmer"))
    assert perm.can_edit_consultation(me, consultation) is (reviewer or mine)
    agreement = SimpleNamespace(recorded_by_id=OWNER_ID if mine else 99)
    assert perm.can_edit_agreement(me, agreement) is (reviewer or (mine and role == "programmer"))
    gone = user(role, OWNER_ID, active=False)
    assert not perm.can_edit_need(gone, need)
    assert not perm.can_edit_consultation(gone, consultation)
