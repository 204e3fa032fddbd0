"""Who may do what: plain functions of the user (and object), used by every route."""

from program_planner.auth.models import Role


def is_staff(user) -> bool:
    """Any signed-in, active staff member."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "active", False))


def has_role(user, *roles: Role) -> bool:
    """A signed-in, active staff member holding one of roles."""
    return is_staff(user) and user.role in roles


def can_manage_users(user) -> bool:
    """Create accounts, change roles, deactivate and reset passwords."""
    return has_role(user, Role.ADMIN)


def can_manage_branches(user) -> bool:
    """Create and edit the library system's branches."""
    return has_role(user, Role.ADMIN)


def can_view_audit_log(user) -> bool:
    """Read the audit log of sign-ins, role changes, approvals, exports and erasures."""
    return has_role(user, Role.ADMIN)


def can_change_own_password(user) -> bool:
    """Change one's own password."""
    return is_staff(user)


def can_administer(user) -> bool:
    """See the Administration menu at all."""
    return can_manage_users(user) or can_manage_branches(user) or can_view_audit_log(user)
