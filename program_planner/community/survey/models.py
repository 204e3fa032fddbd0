"""A community needs survey, its anonymous responses and their answers (one row per answer)."""

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from program_planner.auth.models import Branch
from program_planner.db import TimestampMixin, UTCDateTime, enum_column, utcnow
from program_planner.evaluation.models import ResponseChannel, to_the_hour, utc_hour
from program_planner.extensions import db


class CommunitySurvey(TimestampMixin, db.Model):
    """A community needs survey not tied to a program: one public link, one QR code."""

    __tablename__ = "community_surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    branch_id: Mapped[int | None] = mapped_column(sa.ForeignKey("branches.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    branch: Mapped[Branch | None] = relationship()

    def __str__(self):
        return self.title


survey_response_groups = sa.Table(
    "survey_response_groups",
    db.metadata,
    sa.Column(
        "response_id", sa.ForeignKey("survey_responses.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("target_group_id", sa.ForeignKey("target_groups.id"), primary_key=True),
)


class SurveyResponse(db.Model):
    """One filled community survey: anonymous, its time kept to the hour, stored once per key."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        sa.ForeignKey("community_surveys.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[ResponseChannel] = enum_column(ResponseChannel)
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    submitted_on: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_hour, index=True)
    submission_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    library_user: Mapped[bool | None] = mapped_column()  # None: the question was not answered
    entered_by_id: Mapped[int | None] = mapped_column(  # staff who keyed in a paper form
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    answers: Mapped[list["SurveyAnswer"]] = relationship(cascade="all, delete-orphan")

    @validates("submitted_on")
    def _to_the_hour(self, _key, when):
        """Keep a time given explicitly (demo data) to the hour as well."""
        return None if when is None else to_the_hour(when)


class SurveyAnswer(db.Model):
    """One answer, by the survey question's code: a number, or a text (one row per choice)."""

    __tablename__ = "survey_answers"
    __table_args__ = (sa.Index("ix_survey_answers_code_text", "question_code", "value_text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True
    )
    question_code: Mapped[str] = mapped_column(sa.String(64))
    value_number: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    value_text: Mapped[str | None] = mapped_column(sa.Text)


class SurveyPendingImport(db.Model):
    """An uploaded export of survey responses, read, waiting for its columns to be confirmed.

    Kept in the database (any app server continues it); one per person and survey; an upload
    replaces it, an import deletes it, and one untouched for a day goes at the next upload.
    """

    __tablename__ = "survey_pending_imports"
    __table_args__ = (sa.UniqueConstraint("survey_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        sa.ForeignKey("community_surveys.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    cells: Mapped[dict] = mapped_column(sa.JSON)  # {"header": [...], "rows": [[...]]}
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
