"""Partners (community organisations) and presenters of programs."""

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.db import Choice, TimestampMixin, VersionedMixin, enum_column
from program_planner.extensions import db
from program_planner.programs.models import Program


class Organisation(TimestampMixin, db.Model):
    """A community organisation the library works with."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")

    def __str__(self):
        return self.name


class PartnerRole(Choice):
    """What a partner does for a program."""

    CO_HOST = "co_host"
    PRESENTER = "presenter"
    VENUE = "venue"
    FUNDING = "funding"
    PROMOTION = "promotion"
    REFERRALS = "referrals"


PartnerRole.LABELS = {
    PartnerRole.CO_HOST: _l("Co-host"),
    PartnerRole.PRESENTER: _l("Presenter"),
    PartnerRole.VENUE: _l("Venue"),
    PartnerRole.FUNDING: _l("Funding"),
    PartnerRole.PROMOTION: _l("Promotion"),
    PartnerRole.REFERRALS: _l("Referrals"),
}


class ProgramPartner(TimestampMixin, VersionedMixin, db.Model):
    """An organisation's role in one program."""

    __tablename__ = "program_partners"
    __table_args__ = (sa.UniqueConstraint("program_id", "organisation_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    role: Mapped[PartnerRole] = enum_column(PartnerRole)
    contribution: Mapped[str] = mapped_column(sa.String(500), default="")

    program: Mapped[Program] = relationship()
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)


class Presenter(TimestampMixin, VersionedMixin, db.Model):
    """A person who presents in a program, with fee and contact details."""

    __tablename__ = "presenters"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    topic: Mapped[str] = mapped_column(sa.String(300), default="")
    fee: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2), default=Decimal(0))

    program: Mapped[Program] = relationship()
