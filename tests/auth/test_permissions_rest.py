"""The rest of auth/permissions.py as plain calls, and a check that every rule has its table row.

test_permissions_table.py holds the rules of user, program, paper form, job and community; this
file the helpers and menu rules, written out by role, ownership and account state.
"""

import inspect
from pathlib import Path
from types import SimpleNamespace

import pytest

from program_planner.auth import permissions as perm
from tests.auth.test_permissions_table import OWNER_ID, ROLES, STATUSES, program, user

REVIEWERS = {"coordinator", "admin"}
# rule -> the roles allowed, for rules of the user alone
MORE_USER_RULES = {
    "is_staff": set(ROLES),
    "can_read_notices": set(ROLES),
    "can_change_own_preferences": set(ROLES),
    "can_administer": {"admin"},
    "is_reviewer": REVIEWERS,
    "can_approve_programs": REVIEWERS,
    "can_see_session_worklist": {"frontline"},
}


@pytest.mark.parametrize("rule", sorted(MORE_USER_RULES))
@pytest.mark.parametrize("role", ROLES)
def test_more_rules_of_the_user_alone(rule, role):
    check = getattr(perm, rule)
    assert check(user(role)) is (role in MORE_USER_RULES[rule])
    assert check(user(role, active=False)) is False
    assert check(user(role, authenticated=False)) is False


@pytest.mark.parametrize("role", ROLES)
def test_has_role_names_the_roles_held(role):
    me = user(role)
    assert perm.has_role(me, me.role) is True
    others = [user(r).role for r in ROLES if r != role]
    assert perm.has_role(me, *others) is False
    assert perm.has_role(user(role, active=False), me.role) is False
    assert perm.has_role(SimpleNamespace(), me.role) is False  # an anonymous visitor


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", [True, False])
@pytest.mark.parametrize("status", STATUSES)
def test_owning_and_copying_a_program(role, owner, status):
    me = user(role, user_id=OWNER_ID if owner else 99)
    assert perm.is_program_owner(me, program(status)) is owner
    copier = role in {"programmer", "coordinator", "admin"}  # anyone who may propose, any status
    assert perm.can_copy_program(me, program(status)) is copier
    gone = user(role, OWNER_ID, active=False)
    assert perm.is_program_owner(gone, program(status)) is False
    assert perm.can_copy_program(gone, program(status)) is False


def test_every_rule_has_a_row_in_a_table():
    """A new rule in permissions.py fails here until a table test calls it by name."""
    rules = {
        name
        for name, function in inspect.getmembers(perm, inspect.isfunction)
        if function.__module__ == perm.__name__ and not name.startswith("_")
    }
    here = Path(__file__).parent
    tables = (here / "test_permissions_table.py").read_text() + Path(__file__).read_text()
    assert (
        sorted(
            rule for rule in rules if f'"{rule}"' not in tables and f"perm.{rule}(" not in tables
        )
        == []
    )
