"""Account rules: sign-in, passwords, creating, changing and erasing staff accounts."""

import secrets

import sqlalchemy as sa
from flask_babel import gettext as _

from program_planner.audit.models import AuditEvent
from program_planner.audit.service import record
from program_planner.auth.models import Branch, Role, User
from program_planner.auth.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from program_planner.db import locked, utcnow
from program_planner.extensions import db

TEMPORARY_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105


class AccountError(Exception):
    """A rule about accounts refused the change; the message is for the person."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def normalise_username(username: str) -> str:
    """Return the username as stored: trimmed and lower-case."""
    return (username or "").strip().lower()


def find_user(username: str) -> User | None:
    """Return the account with that username, if any."""
    return db.session.scalar(sa.select(User).where(User.username == normalise_username(username)))


def authenticate(username: str, password: str, ip_address: str | None):
    """Check credentials; return (user, None) or (None, "invalid" | "inactive"), audited."""
    user = find_user(username)
    if user is None or user.is_erased:
        verify_password(None, password)  # same time as a real check
        record("login_failed", ip_address=ip_address, reason="unknown_user")
        return None, "invalid"
    if not verify_password(user.password_hash, password):
        record("login_failed", obj=user, ip_address=ip_address, reason="wrong_password")
        return None, "invalid"
    if not user.active:
        record("login_failed", obj=user, ip_address=ip_address, reason="inactive")
        return None, "inactive"
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record("login", actor=user, obj=user, ip_address=ip_address)
    return user, None


def logout(user: User) -> None:
    """End every session of user, including cookies copied elsewhere."""
    user.end_sessions()
    record("logout", actor=user, obj=user)


def _set_password(user: User, new_password: str) -> None:
    """Store a new password hash and end the user's existing sessions."""
    problems = password_problems(new_password, [user.username, user.full_name, user.email])
    if problems:
        raise AccountError(" ".join(problems), field="password")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.end_sessions()


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change one's own password after checking the current one."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError(_("Your current password is not correct."), field="current_password")
    if current_password == new_password:
        raise AccountError(
            _("Choose a password different from your current one."), field="password"
        )
    _set_password(user, new_password)
    user.must_change_password = False
    record("password_changed", actor=user, obj=user)


def create_user(
    actor,
    *,
    username,
    full_name,
    email,
    role: Role,
    branch: Branch,
    password,
    must_change_password=True,
) -> User:
    """Create a staff account; the username must be free."""
    username = normalise_username(username)
    if db.session.scalar(sa.select(User.id).where(User.username == username)):
        raise AccountError(
            _("The username “%(u)s” is already taken.", u=username), field="username"
        )
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=(email or "").strip(),
        role=Role(role),
        branch=branch,
        password_hash="",
        must_change_password=must_change_password,
    )
    _set_password(user, password)
    try:
        with db.session.begin_nested():  # the unique index decides a race the check missed
            db.session.add(user)
    except sa.exc.IntegrityError as error:
        raise AccountError(
            _("The username “%(u)s” is already taken.", u=username), field="username"
        ) from error
    record("user_created", actor=actor, obj=user, username=username, role=user.role.value)
    return user


def _ensure_other_active_admin(user: User) -> None:
    """Refuse a change that would leave the system without an active administrator."""
    others = db.session.scalars(
        locked(
            sa.select(User.id).where(
                User.role == Role.ADMIN, User.active.is_(True), User.id != user.id
            )
        )
    ).first()
    if others is None:
        raise AccountError(_("This is the last active administrator; make another one first."))


def _refuse_if_erased(user: User) -> None:
    """Refuse any change to an erased account: it stays erased and can never sign in again."""
    if user.is_erased:
        raise AccountError(_("This account was erased: it cannot be changed or used again."))


def update_user(actor, user: User, *, full_name, email, role: Role, branch: Branch) -> None:
    """Change a staff account's details, role and branch; role changes are audited."""
    _refuse_if_erased(user)
    role = Role(role)
    if user.role == Role.ADMIN and role != Role.ADMIN and user.active:
        _ensure_other_active_admin(user)
    if role != user.role:
        record("role_changed", actor=actor, obj=user, old=user.role.value, new=role.value)
    if branch.id != user.branch_id:
        record("branch_changed", actor=actor, obj=user, old=user.branch_id, new=branch.id)
    user.full_name = full_name.strip()
    user.email = (email or "").strip()
    user.role = role
    user.branch = branch
    db.session.flush()


def deactivate_user(actor, user: User) -> None:
    """Deactivate an account and end its sessions; never oneself or the last admin."""
    if user.id == actor.id:
        raise AccountError(_("You cannot deactivate your own account."))
    if not user.active:
        return
    if user.role == Role.ADMIN:
        _ensure_other_active_admin(user)
    user.active = False
    user.end_sessions()
    record("user_deactivated", actor=actor, obj=user)


def reactivate_user(actor, user: User) -> None:
    """Let a deactivated account sign in again (never an erased one)."""
    if user.active:
        return
    _refuse_if_erased(user)
    user.active = True
    record("user_reactivated", actor=actor, obj=user)


def generate_temporary_password() -> str:
    """Return a random password easy to read aloud: four groups of four characters."""
    chars = [secrets.choice(TEMPORARY_PASSWORD_ALPHABET) for _i in range(16)]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, 16, 4))


def reset_password(actor, user: User) -> str:
    """Give user a temporary password they must change at next sign-in; return it once."""
    _refuse_if_erased(user)
    temporary = generate_temporary_password()
    _set_password(user, temporary)
    user.must_change_password = True
    record("password_reset", actor=actor, obj=user)
    return temporary


# Keys of audit details that may name the person an event is about (user_created: username).
PERSONAL_DETAIL_KEYS = ("username", "full_name", "email")


def erase_account(actor, user: User) -> None:
    """Erase a staff account at the person's request: keep the row, remove who they were.

    The name, username, email and password go, with the addresses and names the audit log kept
    about them; the account is deactivated for good and its sessions end. Programs, history and
    audit entries still refer to the row and show it as "former staff". The erasure is audited.
    Names copied into other areas' rows are the caller's to clear (admin.service).
    Never oneself or the last active administrator.
    """
    if user.id == actor.id:
        raise AccountError(_("You cannot erase your own account."))
    _refuse_if_erased(user)
    if user.role == Role.ADMIN and user.active:
        _ensure_other_active_admin(user)
    about_user = sa.and_(AuditEvent.object_type == "User", AuditEvent.object_id == user.id)
    for event in db.session.scalars(sa.select(AuditEvent).where(about_user)):
        if any(key in (event.details or {}) for key in PERSONAL_DETAIL_KEYS):
            event.details = {
                k: v for k, v in event.details.items() if k not in PERSONAL_DETAIL_KEYS
            }
    db.session.execute(
        sa.update(AuditEvent)
        .where(sa.or_(about_user, AuditEvent.actor_id == user.id))
        .where(AuditEvent.ip_address.is_not(None))
        .values(ip_address=None)
        .execution_options(synchronize_session=False)
    )
    user.username = f"#erased-{user.id}"  # unique; the username form never allows "#"
    user.full_name = ""
    user.email = ""
    user.password_hash = ""  # no password matches an empty hash
    user.active = False
    user.must_change_password = False
    user.last_login_at = None
    user.password_changed_at = None
    user.erased_at = utcnow()
    user.end_sessions()
    db.session.flush()
    record("user_erased", actor=actor, obj=user)


def branch_choices():
    """Return the active branches, by name, for choosing one."""
    return db.session.scalars(
        sa.select(Branch).where(Branch.active.is_(True)).order_by(Branch.name)
    ).all()
