"""Programs: the basics of a proposal, its status and the history of its status changes."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.auth.models import Branch, User
from program_planner.db import (
    Choice,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
    utcnow,
)
from program_planner.extensions import db


class Status(Choice):
    """Where a program stands in its lifecycle (see programs/lifecycle.py)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    DELIVERED = "delivered"
    EVALUATED = "evaluated"
    CLOSED = "closed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


Status.LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.RETURNED: _l("Returned for changes"),
    Status.APPROVED: _l("Approved"),
    Status.SCHEDULED: _l("Scheduled"),
    Status.DELIVERED: _l("Delivered"),
    Status.EVALUATED: _l("Evaluated"),
    Status.CLOSED: lazy_pgettext("program status", "Closed"),
    Status.DECLINED: _l("Declined"),
    Status.CANCELLED: _l("Cancelled"),
}
# Programs whose sessions are public: on the calendar feed and bookable venues
PUBLISHED_STATUSES = (
    Status.APPROVED,
    Status.SCHEDULED,
    Status.DELIVERED,
    Status.EVALUATED,
    Status.CLOSED,
)
INACTIVE_STATUSES = (Status.DECLINED, Status.CANCELLED)


class ProgramType(Choice):
    """The kind of program."""

    DIGITAL_LITERACY = "digital_literacy"
    JOB_CAREER = "job_career"
    HEALTH_WELLNESS = "health_wellness"
    NEWCOMERS_LANGUAGE = "newcomers_language"
    ARTS_CULTURE = "arts_culture"
    CIVIC_ENGAGEMENT = "civic_engagement"
    LIFELONG_LEARNING = "lifelong_learning"
    SOCIAL_RECREATION = "social_recreation"


ProgramType.LABELS = {
    ProgramType.DIGITAL_LITERACY: _l("Digital literacy"),
    ProgramType.JOB_CAREER: _l("Job & career"),
    ProgramType.HEALTH_WELLNESS: _l("Health & wellness"),
    ProgramType.NEWCOMERS_LANGUAGE: _l("Newcomers & language"),
    ProgramType.ARTS_CULTURE: _l("Arts & culture"),
    ProgramType.CIVIC_ENGAGEMENT: _l("Civic engagement"),
    ProgramType.LIFELONG_LEARNING: _l("Lifelong learning"),
    ProgramType.SOCIAL_RECREATION: _l("Social & recreation"),
}


class DeliveryMode(Choice):
    """How the program reaches people."""

    IN_BRANCH = "in_branch"
    OFF_SITE = "off_site"
    ONLINE = "online"
    HYBRID = "hybrid"
    HOMEBOUND = "homebound"


DeliveryMode.LABELS = {
    DeliveryMode.IN_BRANCH: _l("In branch"),
    DeliveryMode.OFF_SITE: _l("Off-site / outreach"),
    DeliveryMode.ONLINE: _l("Online"),
    DeliveryMode.HYBRID: _l("Hybrid (in branch and online)"),
    DeliveryMode.HOMEBOUND: _l("Homebound / by mail"),
}

LANGUAGES = {
    "en": _l("English"),
    "fr": _l("French"),
    "es": _l("Spanish"),
    "ar": _l("Arabic"),
    "zh": _l("Chinese"),
    "pa": _l("Punjabi"),
    "tl": _l("Tagalog"),
    "uk": _l("Ukrainian"),
    "fa": _l("Persian"),
    "pt": _l("Portuguese"),
    "asl": _l("Sign language"),
}

program_strategic_goals = sa.Table(
    "program_strategic_goals",
    db.metadata,
    sa.Column("program_id", sa.ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("goal_id", sa.ForeignKey("strategic_goals.id", ondelete="CASCADE"), primary_key=True),
)


class StrategicGoal(TimestampMixin, db.Model):
    """A goal of the library's strategic plan, kept by coordinators."""

    __tablename__ = "strategic_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self):
        return self.name


class Program(TimestampMixin, VersionedMixin, db.Model):
    """A program proposal and, once approved, the plan it is run by."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    title_fr: Mapped[str] = mapped_column(sa.String(200), default="")  # optional French title
    description_fr: Mapped[str] = mapped_column(sa.Text, default="")
    branch_id: Mapped[int] = mapped_column(sa.ForeignKey("branches.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    program_type: Mapped[ProgramType] = enum_column(ProgramType)
    delivery_mode: Mapped[DeliveryMode] = enum_column(DeliveryMode)
    languages: Mapped[list] = mapped_column(sa.JSON, default=list)
    community_need: Mapped[str] = mapped_column(sa.Text, default="")
    need_evidence: Mapped[str] = mapped_column(sa.Text, default="")
    fiscal_year: Mapped[int] = mapped_column(index=True)
    status: Mapped[Status] = enum_column(Status, default=Status.DRAFT, index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    lessons_learned: Mapped[str] = mapped_column(sa.Text, default="")

    branch: Mapped[Branch] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    strategic_goals: Mapped[list[StrategicGoal]] = relationship(
        secondary=program_strategic_goals, order_by=StrategicGoal.name
    )
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="program",
        cascade="all, delete-orphan",
        order_by="StatusChange.id",
    )

    def __str__(self):
        return self.title

    def title_in(self, language: str | None) -> str:
        """Return the title for a reader of that language: the French one if set, for French."""
        return self.title_fr if language == "fr" and self.title_fr else self.title

    def description_in(self, language: str | None) -> str:
        """Return the description for a reader of that language (French if set, for French)."""
        return self.description_fr if language == "fr" and self.description_fr else self.description


class StatusChange(db.Model):
    """One change of a program's status: from, to, who, when, and their comment."""

    __tablename__ = "program_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[Status | None] = enum_column(Status, nullable=True)
    to_status: Mapped[Status] = enum_column(Status)
    action: Mapped[str] = mapped_column(sa.String(32))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comment: Mapped[str] = mapped_column(sa.Text, default="")

    program: Mapped[Program] = relationship(back_populates="history")
    actor: Mapped[User | None] = relationship()
