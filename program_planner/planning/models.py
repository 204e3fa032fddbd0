"""The planning parts of a program: target groups, objectives, budget, IT, promotion, collection."""

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from program_planner.db import Choice, TimestampMixin, VersionedMixin, enum_column
from program_planner.extensions import db
from program_planner.programs.models import Program

MONEY = sa.Numeric(12, 2)


def reader_language() -> str:
    """Return the language of the page or file being made (en outside any request)."""
    locale = get_locale()
    return locale.language if locale else "en"


def group_name(name: str, name_fr: str | None, language: str | None = None) -> str:
    """Return a target group's name for a reader: the French one for French, if there is one.

    The one place that chooses; queries that select names as columns pass both through here.
    language None is the reader's (the request's, or the one a report is forced to).
    """
    language = language or reader_language()
    return name_fr if language == "fr" and name_fr else name


class TargetGroup(TimestampMixin, db.Model):
    """A community group the library serves, with its profile in the service area."""

    __tablename__ = "target_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name_fr: Mapped[str] = mapped_column(sa.String(120), default="")  # optional French name
    description: Mapped[str] = mapped_column(sa.Text, default="")
    population_estimate: Mapped[int | None] = mapped_column()
    population_source: Mapped[str] = mapped_column(sa.String(300), default="")
    population_year: Mapped[int | None] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self):
        return self.name

    def name_in(self, language: str | None = None) -> str:
        """Return the name for a reader of that language (default: the current reader's)."""
        return group_name(self.name, self.name_fr, language)

    @property
    def label(self) -> str:
        """Return the name as the current reader reads it (French if set, for French)."""
        return group_name(self.name, self.name_fr)

    @classmethod
    def name_column(cls, language: str | None = None):
        """Return group_name() as SQL, for queries that group or sort by the name a reader sees."""
        if (language or reader_language()) != "fr":
            return cls.name
        return sa.case((cls.name_fr != "", cls.name_fr), else_=cls.name)


class Barrier(Choice):
    """What keeps people of a target group away."""

    LANGUAGE = "language"
    TRANSPORT = "transport"
    COST = "cost"
    ACCESS = "access"
    SCHEDULE = "schedule"
    DIGITAL_SKILLS = "digital_skills"
    CHILDCARE = "childcare"
    AWARENESS = "awareness"


Barrier.LABELS = {
    Barrier.LANGUAGE: _l("Language"),
    Barrier.TRANSPORT: _l("Transport"),
    Barrier.COST: _l("Cost"),
    Barrier.ACCESS: _l("Physical access"),
    Barrier.SCHEDULE: _l("Schedule"),
    Barrier.DIGITAL_SKILLS: _l("Digital skills"),
    Barrier.CHILDCARE: _l("Childcare"),
    Barrier.AWARENESS: _l("Not aware of the library"),
}


class ProgramTargetGroup(TimestampMixin, VersionedMixin, db.Model):
    """A target group a program means to reach: how many, their needs, barriers, accommodations."""

    __tablename__ = "program_target_groups"
    __table_args__ = (sa.UniqueConstraint("program_id", "target_group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    target_group_id: Mapped[int] = mapped_column(sa.ForeignKey("target_groups.id"), index=True)
    expected_reach: Mapped[int] = mapped_column(default=0)
    needs: Mapped[str] = mapped_column(sa.Text, default="")
    barriers: Mapped[list] = mapped_column(sa.JSON, default=list)
    accommodations: Mapped[str] = mapped_column(sa.Text, default="")

    program: Mapped[Program] = relationship()
    target_group: Mapped[TargetGroup] = relationship(lazy="joined", innerjoin=True)


class OutcomeType(Choice):
    """What an objective aims to change."""

    KNOWLEDGE = "knowledge"
    CONFIDENCE = "confidence"
    APPLICATION = "application"
    AWARENESS = "awareness"
    SOCIAL_CONNECTION = "social_connection"
    SATISFACTION = "satisfaction"
    REACH = "reach"


OutcomeType.LABELS = {
    OutcomeType.KNOWLEDGE: _l("Knowledge"),
    OutcomeType.CONFIDENCE: _l("Confidence"),
    OutcomeType.APPLICATION: _l("Application / behaviour"),
    OutcomeType.AWARENESS: _l("Awareness of library resources"),
    OutcomeType.SOCIAL_CONNECTION: _l("Social connection"),
    OutcomeType.SATISFACTION: _l("Satisfaction"),
    OutcomeType.REACH: _l("Reach"),
}


class TargetMetric(Choice):
    """How an objective's target is measured."""

    PERCENT_AGREE = "percent_agree"
    TOTAL_ATTENDANCE = "total_attendance"
    FIRST_TIME_ATTENDEES = "first_time_attendees"
    MEAN_RATING = "mean_rating"


TargetMetric.LABELS = {
    TargetMetric.PERCENT_AGREE: _l("percent of respondents who agree"),
    TargetMetric.TOTAL_ATTENDANCE: _l("attendees across all sessions"),
    TargetMetric.FIRST_TIME_ATTENDEES: _l("first-time attendees"),
    TargetMetric.MEAN_RATING: _l("average rating (out of 5)"),
}
METRIC_LIMITS = {
    TargetMetric.PERCENT_AGREE: (Decimal(1), Decimal(100)),
    TargetMetric.TOTAL_ATTENDANCE: (Decimal(1), Decimal(100000)),
    TargetMetric.FIRST_TIME_ATTENDEES: (Decimal(1), Decimal(100000)),
    TargetMetric.MEAN_RATING: (Decimal(1), Decimal(5)),
}


class Objective(TimestampMixin, VersionedMixin, db.Model):
    """A measurable statement of what the program should achieve, with its target."""

    __tablename__ = "objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    statement: Mapped[str] = mapped_column(sa.String(500))
    outcome_type: Mapped[OutcomeType] = enum_column(OutcomeType)
    target_metric: Mapped[TargetMetric] = enum_column(TargetMetric)
    target_value: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))

    program: Mapped[Program] = relationship()


class BudgetCategory(Choice):
    """What money is spent on."""

    PRESENTER_FEE = "presenter_fee"
    MATERIALS = "materials"
    REFRESHMENTS = "refreshments"
    MARKETING = "marketing"
    VENUE = "venue"
    EQUIPMENT = "equipment"
    STAFF_TIME = "staff_time"
    OTHER = "other"


BudgetCategory.LABELS = {
    BudgetCategory.PRESENTER_FEE: _l("Presenter fee"),
    BudgetCategory.MATERIALS: _l("Materials"),
    BudgetCategory.REFRESHMENTS: _l("Refreshments"),
    BudgetCategory.MARKETING: _l("Marketing & printing"),
    BudgetCategory.VENUE: _l("Venue"),
    BudgetCategory.EQUIPMENT: _l("Equipment"),
    BudgetCategory.STAFF_TIME: _l("Staff time"),
    BudgetCategory.OTHER: _l("Other"),
}


class FundingSource(Choice):
    """Where the money comes from."""

    OPERATING = "operating"
    GRANT = "grant"
    PARTNER = "partner"
    FRIENDS = "friends"
    IN_KIND = "in_kind"


FundingSource.LABELS = {
    FundingSource.OPERATING: _l("Operating budget"),
    FundingSource.GRANT: _l("Grant"),
    FundingSource.PARTNER: _l("Partner"),
    FundingSource.FRIENDS: _l("Friends of the Library"),
    FundingSource.IN_KIND: _l("In kind"),
}


class BudgetLine(TimestampMixin, VersionedMixin, db.Model):
    """One planned cost of a program, with what was actually spent."""

    __tablename__ = "budget_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[BudgetCategory] = enum_column(BudgetCategory)
    funding_source: Mapped[FundingSource] = enum_column(FundingSource)
    description: Mapped[str] = mapped_column(sa.String(300), default="")
    planned: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    actual: Mapped[Decimal | None] = mapped_column(MONEY)
    # the presenter whose fee this line is: the amount is kept in step with the fee
    presenter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("presenters.id", ondelete="SET NULL"), index=True, unique=True
    )

    program: Mapped[Program] = relationship()


class BudgetCell(db.Model):
    """Stored budget sums of the programs of one branch and fiscal year (planning/budget_cells.py).

    dimension "total" holds the branch-year's sums (value ""); "category" and "source" one row
    per budget category or funding source. Declined and cancelled programs are left out, as in
    the roll-up. programs counts the programs with a line in the row, so rows add up across
    branches and years (a program is in one branch and one year).
    """

    __tablename__ = "budget_cells"

    fiscal_year: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    planned: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    actual: Mapped[Decimal | None] = mapped_column(MONEY)
    variance: Mapped[Decimal | None] = mapped_column(MONEY)
    programs: Mapped[int] = mapped_column(default=0)


class BudgetMark(db.Model):
    """A branch and fiscal year whose budget cells must be recomputed before they are read."""

    __tablename__ = "budget_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    fiscal_year: Mapped[int] = mapped_column()
    branch_id: Mapped[int] = mapped_column()


class ITItem(Choice):
    """Technology a program needs."""

    LAPTOPS = "laptops"
    TABLETS = "tablets"
    PROJECTOR = "projector"
    WIFI_ACCOUNTS = "wifi_accounts"
    HYBRID_SETUP = "hybrid_setup"
    SOFTWARE = "software"
    ASSISTIVE_TECH = "assistive_tech"
    MICROPHONE = "microphone"
    OTHER = "other"


ITItem.LABELS = {
    ITItem.LAPTOPS: _l("Laptops"),
    ITItem.TABLETS: _l("Tablets"),
    ITItem.PROJECTOR: _l("Projector & screen"),
    ITItem.WIFI_ACCOUNTS: _l("Guest Wi-Fi accounts"),
    ITItem.HYBRID_SETUP: _l("Hybrid / streaming setup"),
    ITItem.SOFTWARE: _l("Software"),
    ITItem.ASSISTIVE_TECH: _l("Assistive technology"),
    ITItem.MICROPHONE: _l("Microphone & speakers"),
    ITItem.OTHER: _l("Other"),
}


class ITStatus(Choice):
    """Where an IT request stands; IT moves it along."""

    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    READY = "ready"
    CANCELLED = "cancelled"


ITStatus.LABELS = {
    ITStatus.REQUESTED: _l("Requested"),
    ITStatus.CONFIRMED: _l("Confirmed"),
    ITStatus.READY: _l("Ready"),
    ITStatus.CANCELLED: _l("Cancelled"),
}
IT_NEXT_STATUS = {ITStatus.REQUESTED: ITStatus.CONFIRMED, ITStatus.CONFIRMED: ITStatus.READY}


class ITRequest(TimestampMixin, VersionedMixin, db.Model):
    """Equipment or technology requested from IT for a program."""

    __tablename__ = "it_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[ITItem] = enum_column(ITItem)
    quantity: Mapped[int] = mapped_column(default=1)
    details: Mapped[str] = mapped_column(sa.String(500), default="")
    needed_by: Mapped[date | None] = mapped_column()
    status: Mapped[ITStatus] = enum_column(ITStatus, default=ITStatus.REQUESTED, index=True)
    it_notes: Mapped[str] = mapped_column(sa.String(500), default="")

    program: Mapped[Program] = relationship()


class PromotionChannel(Choice):
    """Where a program is promoted; matched to "how did you hear about this program?"."""

    WEBSITE = "website"
    SOCIAL_MEDIA = "social_media"
    NEWSLETTER = "newsletter"
    POSTERS = "posters"
    PARTNER_NETWORKS = "partner_networks"
    PRESS = "press"
    IN_BRANCH_DISPLAY = "in_branch_display"
    COMMUNITY_RADIO = "community_radio"
    WORD_OF_MOUTH = "word_of_mouth"


PromotionChannel.LABELS = {
    PromotionChannel.WEBSITE: _l("Library website calendar"),
    PromotionChannel.SOCIAL_MEDIA: _l("Social media"),
    PromotionChannel.NEWSLETTER: _l("Newsletter"),
    PromotionChannel.POSTERS: _l("Posters & flyers"),
    PromotionChannel.PARTNER_NETWORKS: _l("Partner networks"),
    PromotionChannel.PRESS: _l("Press"),
    PromotionChannel.IN_BRANCH_DISPLAY: _l("In-branch display"),
    PromotionChannel.COMMUNITY_RADIO: _l("Community radio"),
    PromotionChannel.WORD_OF_MOUTH: _l("Word of mouth / staff"),
}


class PromotionStatus(Choice):
    """Where a promotion item stands with marketing."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


PromotionStatus.LABELS = {
    PromotionStatus.PLANNED: _l("Planned"),
    PromotionStatus.IN_PROGRESS: _l("In progress"),
    PromotionStatus.DONE: _l("Done"),
    PromotionStatus.CANCELLED: _l("Cancelled"),
}


class PromotionItem(TimestampMixin, VersionedMixin, db.Model):
    """A planned piece of promotion: channel, audience, language, date, status and owner."""

    __tablename__ = "promotion_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[PromotionChannel] = enum_column(PromotionChannel)
    audience: Mapped[str] = mapped_column(sa.String(200), default="")
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    planned_date: Mapped[date | None] = mapped_column()
    status: Mapped[PromotionStatus] = enum_column(PromotionStatus, default=PromotionStatus.PLANNED)
    owner: Mapped[str] = mapped_column(sa.String(120), default="")
    notes: Mapped[str] = mapped_column(sa.String(500), default="")

    program: Mapped[Program] = relationship()


class TieInStatus(Choice):
    """Where a request to collection development stands."""

    REQUESTED = "requested"
    ORDERED = "ordered"
    AVAILABLE = "available"
    DECLINED = "declined"


TieInStatus.LABELS = {
    TieInStatus.REQUESTED: _l("Requested"),
    TieInStatus.ORDERED: _l("Ordered"),
    TieInStatus.AVAILABLE: _l("Available for display"),
    TieInStatus.DECLINED: _l("Declined"),
}


class CollectionTieIn(TimestampMixin, VersionedMixin, db.Model):
    """An item or subject requested from collection development to support the program."""

    __tablename__ = "collection_tie_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    title_or_subject: Mapped[str] = mapped_column(sa.String(300))
    formats: Mapped[str] = mapped_column(sa.String(200), default="")
    languages: Mapped[str] = mapped_column(sa.String(100), default="")
    quantity: Mapped[int] = mapped_column(default=1)
    notes: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[TieInStatus] = enum_column(TieInStatus, default=TieInStatus.REQUESTED)

    program: Mapped[Program] = relationship()
