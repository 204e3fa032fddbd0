"""Follow-up surveys that run themselves: per-program settings, questions, invitations, tokens.

An invitation is the one personal survey sent to one opted-in address. It refers to the contact
(until the contact is purged), never to a response: the answers stay anonymous. Its tokens are
stored as SHA-256 only.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.db import Choice, TimestampMixin, UTCDateTime, VersionedMixin, enum_column
from program_planner.evaluation.models import Question
from program_planner.extensions import db

DEFAULT_WEEKS = 6
WEEKS_RANGE = (4, 8)
DEFAULT_REMINDER_DAYS = 7
REMINDER_DAYS_RANGE = (1, 21)


class FollowUpSettings(TimestampMixin, VersionedMixin, db.Model):
    """When a program's follow-up survey goes out; a program without a row uses the defaults."""

    __tablename__ = "follow_up_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), unique=True
    )
    enabled: Mapped[bool] = mapped_column(default=True)
    weeks_after: Mapped[int] = mapped_column(default=DEFAULT_WEEKS)  # after the last session
    reminder_days: Mapped[int] = mapped_column(default=DEFAULT_REMINDER_DAYS)  # after the invite


class FollowUpQuestion(db.Model):
    """A question a program asks in its follow-up survey, after the standard follow-up ones."""

    __tablename__ = "follow_up_questions"
    __table_args__ = (sa.UniqueConstraint("program_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)

    question: Mapped[Question] = relationship(lazy="joined", innerjoin=True)


class FollowUpInvitation(db.Model):
    """The personal follow-up survey sent to one address: invited, reminded, answered, closed."""

    __tablename__ = "follow_up_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(  # NULL once the contact is purged
        sa.ForeignKey("follow_up_contacts.id", ondelete="SET NULL"), index=True
    )
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered: Mapped[bool] = mapped_column(default=False)  # no time: nothing to match answers to
    unsubscribed: Mapped[bool] = mapped_column(default=False)


class TokenPurpose(Choice):
    """What a personal link does."""

    SURVEY = "survey"
    UNSUBSCRIBE = "unsubscribe"


TokenPurpose.LABELS = {TokenPurpose.SURVEY: "survey", TokenPurpose.UNSUBSCRIBE: "unsubscribe"}


class FollowUpToken(db.Model):
    """A personal link of an invitation (the invitation's mail and the reminder's), hashed."""

    __tablename__ = "follow_up_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("follow_up_invitations.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[TokenPurpose] = enum_column(TokenPurpose)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)  # sha256 hex

    invitation: Mapped[FollowUpInvitation] = relationship()
