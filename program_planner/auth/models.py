"""Branches and staff accounts."""

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.db import TimestampMixin, UTCDateTime
from program_planner.extensions import db


class Role(enum.StrEnum):
    """What a staff member does in the application."""

    PROGRAMMER = "programmer"
    FRONTLINE = "frontline"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def label(self):
        """Return the role's name for people, in their language."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.PROGRAMMER: _l("Programmer"),
    Role.FRONTLINE: _l("Frontline staff"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}


class Branch(TimestampMixin, db.Model):
    """A library branch of the system; every staff member belongs to one."""

    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self):
        return self.name


def new_session_token() -> str:
    """Return a fresh random token that identifies one generation of a user's sessions."""
    return secrets.token_urlsafe(32)


# What pages show in place of the name of a staff member whose account was erased.
FORMER_STAFF = _l("former staff")


class User(TimestampMixin, db.Model):
    """A staff account; get_id() carries a session token rotated to end every session.

    An erased account (erased_at set) keeps its row, so everything that refers to it still
    works, but no name, username, email or password: pages show it as "former staff".
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    role: Mapped[Role] = mapped_column(
        sa.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    branch_id: Mapped[int] = mapped_column(sa.ForeignKey("branches.id"), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    session_token: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_session_token
    )
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # how notices reach the person by email: immediately, digest or none (notifications)
    email_notices: Mapped[str] = mapped_column(
        sa.String(16), default="immediately", server_default="immediately"
    )
    language: Mapped[str | None] = mapped_column(sa.String(8))  # None: the library's default

    branch: Mapped[Branch] = relationship(lazy="joined", innerjoin=True)

    # Flask-Login protocol
    @property
    def is_authenticated(self):
        return True

    @property
    def is_active(self):
        return self.active

    @property
    def is_anonymous(self):
        return False

    def get_id(self):
        """Return the session token, so rotating it ends every existing session."""
        return self.session_token

    def end_sessions(self):
        """Rotate the session token: every cookie issued before stops working."""
        self.session_token = new_session_token()

    @property
    def is_erased(self) -> bool:
        """Tell whether the person's details were erased at their request."""
        return self.erased_at is not None

    @property
    def display_name(self) -> str:
        """Return the name pages show: the person's, or "former staff" once erased."""
        return str(FORMER_STAFF) if self.erased_at is not None else self.full_name

    def __str__(self):
        return self.display_name
