"""Password hashing (Argon2id) and the password policy."""

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn import zxcvbn

# Words that make a library staff password easy to guess, on top of zxcvbn's dictionaries.
LIBRARY_WORDS = ["library", "bibliotheque", "programplanner", "program", "planner", "welcome"]


def _hasher() -> PasswordHasher:
    """Return the app's Argon2id hasher, built once from its configuration."""
    ext = current_app.extensions
    if "pp_hasher" not in ext:
        cfg = current_app.config
        ext["pp_hasher"] = PasswordHasher(
            time_cost=cfg["ARGON2_TIME_COST"],
            memory_cost=cfg["ARGON2_MEMORY_COST_KIB"],
            parallelism=cfg["ARGON2_PARALLELISM"],
            type=Type.ID,
        )
    return ext["pp_hasher"]


def hash_password(password: str) -> str:
    """Return an Argon2id hash of password."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check password against a hash; with no hash, spend the same time and return False."""
    hasher = _hasher()
    if password_hash is None:
        password_hash = current_app.extensions.setdefault(
            "pp_dummy_hash", hasher.hash("not-a-real-password-for-timing")
        )
        verify = False
    else:
        verify = True
    try:
        hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    return verify


def needs_rehash(password_hash: str) -> bool:
    """Tell whether a hash was made with weaker settings than today's."""
    return _hasher().check_needs_rehash(password_hash)


def password_problems(password: str, user_inputs=()) -> list[str]:
    """Return the reasons a new password is refused; an empty list means it is accepted."""
    cfg = current_app.config
    problems = []
    if len(password) < cfg["PASSWORD_MIN_LENGTH"]:
        problems.append(_("Use at least %(n)d characters.", n=cfg["PASSWORD_MIN_LENGTH"]))
    elif len(password) > cfg["PASSWORD_MAX_LENGTH"]:
        problems.append(_("Use at most %(n)d characters.", n=cfg["PASSWORD_MAX_LENGTH"]))
    elif password.strip() == "":
        problems.append(_("A password cannot be only spaces."))
    else:
        inputs = [str(v) for v in user_inputs if v] + LIBRARY_WORDS
        if zxcvbn(password, user_inputs=inputs, max_length=72)["score"] < 3:
            problems.append(
                _(
                    "This password is too common or too easy to guess. "
                    "Try a few unrelated words together."
                )
            )
    return problems
