"""The needs register, consultations with the community, and the needs programs answer."""

from datetime import date, datetime, timedelta

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
from program_planner.people.models import Organisation
from program_planner.planning.models import TargetGroup
from program_planner.programs.models import Program, StrategicGoal
from program_planner.venues.models import Venue


class NeedStatus(Choice):
    """Where a need stands: identified → being addressed → met, or set aside (with a reason)."""

    IDENTIFIED = "identified"
    BEING_ADDRESSED = "being_addressed"
    MET = "met"
    SET_ASIDE = "set_aside"


NeedStatus.LABELS = {
    NeedStatus.IDENTIFIED: _l("Identified"),
    NeedStatus.BEING_ADDRESSED: _l("Being addressed"),
    NeedStatus.MET: _l("Met"),
    NeedStatus.SET_ASIDE: _l("Set aside"),
}
OPEN_STATUSES = (NeedStatus.IDENTIFIED, NeedStatus.BEING_ADDRESSED)


class NeedPriority(Choice):
    """How urgent the need is, as the coordinator judges it."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


NeedPriority.LABELS = {
    NeedPriority.HIGH: _l("High"),
    NeedPriority.MEDIUM: _l("Medium"),
    NeedPriority.LOW: _l("Low"),
}


class EvidenceKind(Choice):
    """Where the evidence for a need comes from."""

    CENSUS = "census"
    CONSULTATION = "consultation"
    SURVEY = "survey"
    DESK_REQUESTS = "desk_requests"
    PARTNER_DATA = "partner_data"


EvidenceKind.LABELS = {
    EvidenceKind.CENSUS: _l("Census or local data"),
    EvidenceKind.CONSULTATION: _l("Consultation"),
    EvidenceKind.SURVEY: _l("Community survey"),
    EvidenceKind.DESK_REQUESTS: _l("Desk requests"),
    EvidenceKind.PARTNER_DATA: _l("Partner data"),
}

need_target_groups = sa.Table(
    "need_target_groups",
    db.metadata,
    sa.Column("need_id", sa.ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("target_group_id", sa.ForeignKey("target_groups.id"), primary_key=True),
)
need_strategic_goals = sa.Table(
    "need_strategic_goals",
    db.metadata,
    sa.Column("need_id", sa.ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("goal_id", sa.ForeignKey("strategic_goals.id", ondelete="CASCADE"), primary_key=True),
)


class Need(TimestampMixin, VersionedMixin, db.Model):
    """A need of the community, for some target groups, in one branch or the whole system."""

    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement: Mapped[str] = mapped_column(sa.String(300))
    details: Mapped[str] = mapped_column(sa.Text, default="")
    branch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("branches.id"), index=True)
    priority: Mapped[NeedPriority] = enum_column(NeedPriority, default=NeedPriority.MEDIUM)
    status: Mapped[NeedStatus] = enum_column(NeedStatus, default=NeedStatus.IDENTIFIED, index=True)
    status_reason: Mapped[str] = mapped_column(sa.Text, default="")
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    branch: Mapped[Branch | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    target_groups: Mapped[list[TargetGroup]] = relationship(
        secondary=need_target_groups, order_by=TargetGroup.name
    )
    strategic_goals: Mapped[list[StrategicGoal]] = relationship(
        secondary=need_strategic_goals, order_by=StrategicGoal.name
    )

    def __str__(self):
        return self.statement


class NeedEvidence(TimestampMixin, db.Model):
    """One piece of evidence for a need: what kind, its source and year, what it says."""

    __tablename__ = "need_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EvidenceKind] = enum_column(EvidenceKind)
    source: Mapped[str] = mapped_column(sa.String(300), default="")
    year: Mapped[int | None] = mapped_column()
    summary: Mapped[str] = mapped_column(sa.String(1000), default="")
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class NeedChange(db.Model):
    """One change to a need: which field, from what to what, who, when."""

    __tablename__ = "need_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(sa.String(40))
    from_value: Mapped[str] = mapped_column(sa.String(500), default="")
    to_value: Mapped[str] = mapped_column(sa.String(500), default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    comment: Mapped[str] = mapped_column(sa.String(500), default="")

    actor: Mapped[User | None] = relationship()


class ConsultationType(Choice):
    """How we listened to the community."""

    FOCUS_GROUP = "focus_group"
    INTERVIEW = "interview"
    MEETING = "meeting"
    POP_UP = "pop_up"
    PARTNER_MEETING = "partner_meeting"
    ONLINE = "online"
    OTHER = "other"


ConsultationType.LABELS = {
    ConsultationType.FOCUS_GROUP: _l("Focus group"),
    ConsultationType.INTERVIEW: _l("Key-informant interview"),
    ConsultationType.MEETING: _l("Neighbourhood or community meeting"),
    ConsultationType.POP_UP: _l("Pop-up at a community event"),
    ConsultationType.PARTNER_MEETING: _l("Partner meeting"),
    ConsultationType.ONLINE: _l("Online poll or social media conversation"),
    ConsultationType.OTHER: _l("Other"),
}

consultation_organisations = sa.Table(
    "consultation_organisations",
    db.metadata,
    sa.Column(
        "consultation_id", sa.ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id"), primary_key=True),
)
consultation_needs = sa.Table(
    "consultation_needs",
    db.metadata,
    sa.Column(
        "consultation_id", sa.ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("need_id", sa.ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
)


class Consultation(TimestampMixin, VersionedMixin, db.Model):
    """A consultation or engagement activity: people reached are counted, never named."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ConsultationType] = enum_column(ConsultationType)
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date] = mapped_column(sa.Date, index=True)
    branch_id: Mapped[int] = mapped_column(sa.ForeignKey("branches.id"), index=True)
    venue_id: Mapped[int | None] = mapped_column(sa.ForeignKey("venues.id"))
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    people_total: Mapped[int] = mapped_column(default=0)
    library_users: Mapped[int] = mapped_column(default=0)
    non_users: Mapped[int] = mapped_column(default=0)
    heard: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    branch: Mapped[Branch] = relationship()
    venue: Mapped[Venue | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=consultation_organisations, order_by=Organisation.name
    )
    needs: Mapped[list[Need]] = relationship(secondary=consultation_needs, order_by=Need.id)
    reach: Mapped[list["ConsultationReach"]] = relationship(
        cascade="all, delete-orphan", order_by="ConsultationReach.target_group_id"
    )
    actions: Mapped[list["FollowUpAction"]] = relationship(
        cascade="all, delete-orphan", order_by="FollowUpAction.id"
    )

    def __str__(self):
        return self.title


class ConsultationReach(db.Model):
    """How many people of one target group a consultation reached (a count, no names)."""

    __tablename__ = "consultation_reach"
    __table_args__ = (sa.UniqueConstraint("consultation_id", "target_group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    target_group_id: Mapped[int] = mapped_column(sa.ForeignKey("target_groups.id"), index=True)
    people: Mapped[int] = mapped_column(default=0)

    target_group: Mapped[TargetGroup] = relationship(lazy="joined", innerjoin=True)


class FollowUpAction(db.Model):
    """Something we said we would do after a consultation: who, by when."""

    __tablename__ = "consultation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(300))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None] = mapped_column(sa.Date)

    owner: Mapped[User | None] = relationship()


class ProgramNeed(TimestampMixin, VersionedMixin, db.Model):
    """A need from the register that a program answers, and how."""

    __tablename__ = "program_needs"
    __table_args__ = (sa.UniqueConstraint("program_id", "need_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    how: Mapped[str] = mapped_column(sa.String(500), default="")

    program: Mapped[Program] = relationship()
    need: Mapped[Need] = relationship(lazy="joined", innerjoin=True)


class AgreementKind(Choice):
    """What sort of agreement the library has with a partner organisation."""

    MOU = "mou"
    PARTNERSHIP = "partnership"
    SPACE_USE = "space_use"
    DATA_SHARING = "data_sharing"
    OTHER = "other"


AgreementKind.LABELS = {
    AgreementKind.MOU: _l("Memorandum of understanding"),
    AgreementKind.PARTNERSHIP: _l("Partnership agreement"),
    AgreementKind.SPACE_USE: _l("Space-use agreement"),
    AgreementKind.DATA_SHARING: _l("Data-sharing agreement"),
    AgreementKind.OTHER: _l("Other agreement"),
}


class AgreementStatus(Choice):
    """Where an agreement stands on a given day, from its dates (never stored)."""

    UPCOMING = "upcoming"
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"


AgreementStatus.LABELS = {
    AgreementStatus.UPCOMING: lazy_pgettext("agreement status", "Not yet in force"),
    AgreementStatus.ACTIVE: lazy_pgettext("agreement status", "Active"),
    AgreementStatus.EXPIRING: lazy_pgettext("agreement status", "Expiring soon"),
    AgreementStatus.EXPIRED: lazy_pgettext("agreement status", "Expired"),
}
EXPIRING_DAYS = 60  # an agreement ending within this many days is expiring soon


class PartnerAgreement(TimestampMixin, VersionedMixin, db.Model):
    """An agreement with a partner organisation: its kind, title and dates (open-ended or not)."""

    __tablename__ = "partner_agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AgreementKind] = enum_column(AgreementKind)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date, index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    organisation: Mapped[Organisation] = relationship()
    recorded_by: Mapped[User | None] = relationship()

    def status_on(self, today: date) -> AgreementStatus:
        """Return where the agreement stands on today: its dates decide, nothing is stored."""
        if self.starts_on > today:
            return AgreementStatus.UPCOMING
        if self.ends_on is None:
            return AgreementStatus.ACTIVE
        if self.ends_on < today:
            return AgreementStatus.EXPIRED
        if self.ends_on <= today + timedelta(days=EXPIRING_DAYS):
            return AgreementStatus.EXPIRING
        return AgreementStatus.ACTIVE

    def __str__(self):
        return self.title
