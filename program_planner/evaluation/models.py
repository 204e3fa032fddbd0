"""Evaluation: the question bank, form templates, each program's form, and what was collected."""

import secrets
from datetime import UTC, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from program_planner.db import (
    Choice,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
    enum_column,
    utcnow,
)
from program_planner.extensions import db
from program_planner.occurrences.models import Occurrence
from program_planner.planning.models import Objective, OutcomeType
from program_planner.programs.models import Program


class QuestionType(Choice):
    """How a question is answered."""

    AGREEMENT = "agreement"  # 1 strongly disagree … 5 strongly agree; 0 = not applicable
    RATING = "rating"  # 1 … 5 stars
    YES_NO = "yes_no"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    NUMBER = "number"
    FREE_TEXT = "free_text"
    NPS = "nps"  # 0 … 10, likelihood to recommend (Net Promoter Score)


QuestionType.LABELS = {
    QuestionType.AGREEMENT: _l("Agreement scale (5 points + not applicable)"),
    QuestionType.RATING: _l("Rating (1 to 5)"),
    QuestionType.YES_NO: _l("Yes / no"),
    QuestionType.SINGLE_CHOICE: _l("Single choice"),
    QuestionType.MULTIPLE_CHOICE: _l("Multiple choice"),
    QuestionType.NUMBER: _l("Number"),
    QuestionType.FREE_TEXT: _l("Free text"),
    QuestionType.NPS: _l("Likelihood to recommend (0 to 10, Net Promoter Score)"),
}


class QuestionCategory(Choice):
    """What a question is about; reports group answers by it."""

    OUTCOME = "outcome"
    SATISFACTION = "satisfaction"
    COMMENTS = "comments"
    HOW_HEARD = "how_heard"
    DEMOGRAPHICS = "demographics"
    OTHER = "other"


QuestionCategory.LABELS = {
    QuestionCategory.OUTCOME: _l("Outcome"),
    QuestionCategory.SATISFACTION: _l("Satisfaction"),
    QuestionCategory.COMMENTS: _l("Comments"),
    QuestionCategory.HOW_HEARD: _l("How they heard"),
    QuestionCategory.DEMOGRAPHICS: _l("Demographics (optional)"),
    QuestionCategory.OTHER: _l("Other"),
}


class Question(TimestampMixin, VersionedMixin, db.Model):
    """A question in the bank, in English and French.

    choices: [{"value": "website", "en": "Library website", "fr": "Site web de la bibliothèque"}]
    for single and multiple choice questions.
    """

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    text_en: Mapped[str] = mapped_column(sa.String(500))
    text_fr: Mapped[str] = mapped_column(sa.String(500))
    help_en: Mapped[str] = mapped_column(sa.String(500), default="")
    help_fr: Mapped[str] = mapped_column(sa.String(500), default="")
    qtype: Mapped[QuestionType] = enum_column(QuestionType)
    category: Mapped[QuestionCategory] = enum_column(QuestionCategory)
    outcome_type: Mapped[OutcomeType | None] = enum_column(OutcomeType, nullable=True)
    choices: Mapped[list] = mapped_column(sa.JSON, default=list)
    min_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    max_value: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    standard: Mapped[bool] = mapped_column(default=False)  # seeded, shared by every program
    program_id: Mapped[int | None] = mapped_column(  # a question a program added for itself
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)

    def text(self, language: str) -> str:
        """Return the question in French or English."""
        return self.text_fr if language == "fr" and self.text_fr else self.text_en

    def __str__(self):
        return self.text_en


class FormTemplate(TimestampMixin, VersionedMixin, db.Model):
    """An ordered set of bank questions a program can start its form from."""

    __tablename__ = "form_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    def __str__(self):
        return self.name


class TemplateQuestion(db.Model):
    """A question's place in a template."""

    __tablename__ = "template_questions"
    __table_args__ = (sa.UniqueConstraint("template_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        sa.ForeignKey("form_templates.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    required: Mapped[bool] = mapped_column(default=False)

    question: Mapped[Question] = relationship(lazy="joined", innerjoin=True)


program_question_objectives = sa.Table(
    "program_question_objectives",
    db.metadata,
    sa.Column(
        "program_question_id",
        sa.ForeignKey("program_questions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("objective_id", sa.ForeignKey("objectives.id", ondelete="CASCADE"), primary_key=True),
)


class ProgramQuestion(TimestampMixin, db.Model):
    """A question on one program's evaluation form, linked to the objectives it measures."""

    __tablename__ = "program_questions"
    __table_args__ = (sa.UniqueConstraint("program_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    required: Mapped[bool] = mapped_column(default=False)

    question: Mapped[Question] = relationship(lazy="joined", innerjoin=True)
    objectives: Mapped[list[Objective]] = relationship(secondary=program_question_objectives)


class ResponseKind(Choice):
    """Right after the program, or the follow-up weeks later."""

    IMMEDIATE = "immediate"
    FOLLOW_UP = "follow_up"


ResponseKind.LABELS = {
    ResponseKind.IMMEDIATE: _l("Immediate"),
    ResponseKind.FOLLOW_UP: _l("Follow-up"),
}


class ResponseChannel(Choice):
    """How a response reached us."""

    ONLINE = "online"
    PAPER = "paper"
    IMPORT = "import"


ResponseChannel.LABELS = {
    ResponseChannel.ONLINE: _l("Online (link or QR code)"),
    ResponseChannel.PAPER: _l("Paper form keyed in"),
    ResponseChannel.IMPORT: _l("Imported"),
}


LINK_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed
LINK_CODE_LENGTH = 8


def new_link_code() -> str:
    """Return a random short code of a public link, e.g. "K7M4QX2P" (31^8: not guessable)."""
    return "".join(secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))


class EvaluationLink(TimestampMixin, db.Model):
    """A public, unguessable address of a program's form (optionally for one session)."""

    __tablename__ = "evaluation_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    occurrence_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("occurrences.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ResponseKind] = enum_column(ResponseKind, default=ResponseKind.IMMEDIATE)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)  # secrets.token_urlsafe
    # a short code printed on paper forms for people who type rather than scan (new_link_code)
    code: Mapped[str | None] = mapped_column(sa.String(16), unique=True, default=new_link_code)
    active: Mapped[bool] = mapped_column(default=True)

    program: Mapped[Program] = relationship()
    occurrence: Mapped[Occurrence | None] = relationship()


class ImportBatch(db.Model):
    """One file of responses imported from elsewhere; its hash detects a second import."""

    __tablename__ = "import_batches"
    __table_args__ = (sa.UniqueConstraint("program_id", "file_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    file_sha256: Mapped[str] = mapped_column(sa.String(64))
    imported_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_imported: Mapped[int] = mapped_column(default=0)
    rows_refused: Mapped[int] = mapped_column(default=0)
    report: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"row": 7, "reason": "..."}]


def to_the_hour(when: datetime) -> datetime:
    """Return when cut down to the start of its hour, in UTC (a naive time is left to fail)."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.replace(minute=0, second=0, microsecond=0)


def utc_hour() -> datetime:
    """Return the start of the current hour, in UTC."""
    return to_the_hour(utcnow())


class Response(db.Model):
    """One filled evaluation form; anonymous: no IP, user agent or account of the respondent.

    Its time is kept to the hour (UTC), never finer: a time to the second could be matched to
    a line of a proxy's access log, and so to the respondent's address. A response and its
    answers carry no other timestamp (no TimestampMixin here); tests/test_privacy.py checks.
    """

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    occurrence_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("occurrences.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[ResponseKind] = enum_column(ResponseKind, default=ResponseKind.IMMEDIATE)
    channel: Mapped[ResponseChannel] = enum_column(ResponseChannel)
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    submitted_on: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_hour, index=True)
    # a random id the form carries, so a double-posted form is stored once
    submission_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    entered_by_id: Mapped[int | None] = mapped_column(  # staff who keyed in a paper form
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    import_batch_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )

    answers: Mapped[list["Answer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )

    @validates("submitted_on")
    def _to_the_hour(self, _key, when):
        """Keep a time given explicitly (imports, demo data) to the hour as well."""
        return None if when is None else to_the_hour(when)


class Answer(db.Model):
    """One answer: a number (scale, rating, yes=1/no=0, number) or a text (choice, free text).

    A multiple-choice question has one row per choice ticked.
    """

    __tablename__ = "answers"
    __table_args__ = (sa.Index("ix_answers_question_value", "question_id", "value_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id"), index=True)
    value_number: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    value_text: Mapped[str | None] = mapped_column(sa.Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class FollowUpContact(db.Model):
    """An attendee's opt-in email for a follow-up survey; never linked to their answers."""

    __tablename__ = "follow_up_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    consent_version: Mapped[str] = mapped_column(sa.String(32))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    withdraw_token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OccurrenceReport(TimestampMixin, VersionedMixin, db.Model):
    """What frontline staff recorded at a session: headcount, first-timers, observations."""

    __tablename__ = "occurrence_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(
        sa.ForeignKey("occurrences.id", ondelete="CASCADE"), unique=True
    )
    headcount: Mapped[int] = mapped_column(default=0)
    first_time_count: Mapped[int] = mapped_column(default=0)
    # of the headcount, people who joined a hybrid session live online (the rest were in the room)
    online_headcount: Mapped[int] = mapped_column(default=0, server_default="0")
    observations: Mapped[str] = mapped_column(sa.Text, default="")
    # paper forms handed in at the session (None: not counted); the home page lists sessions
    # with fewer keyed in
    paper_forms_collected: Mapped[int | None] = mapped_column()
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    occurrence: Mapped[Occurrence] = relationship()


class DebriefKind(Choice):
    """Who wrote a debrief."""

    PRESENTER = "presenter"
    STAFF = "staff"


DebriefKind.LABELS = {
    DebriefKind.PRESENTER: _l("Presenter"),
    DebriefKind.STAFF: _l("Staff"),
}


class DebriefLink(TimestampMixin, db.Model):
    """A private, expiring, revocable link for a presenter's debrief; the token is stored hashed."""

    __tablename__ = "debrief_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    presenter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("presenters.id", ondelete="SET NULL")
    )
    presenter_name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)  # sha256 hex
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    sent_to: Mapped[str] = mapped_column(sa.String(254), default="")  # the address last mailed
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Achievement(Choice):
    """Did an objective happen, in the debriefer's view."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    UNSURE = "unsure"


Achievement.LABELS = {
    Achievement.YES: _l("Yes"),
    Achievement.PARTLY: _l("Partly"),
    Achievement.NO: _l("No"),
    Achievement.UNSURE: _l("Can't say"),
}


class Debrief(TimestampMixin, db.Model):
    """A presenter's or staff member's debrief of a program."""

    __tablename__ = "debriefs"

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DebriefKind] = enum_column(DebriefKind)
    link_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("debrief_links.id", ondelete="SET NULL"), unique=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(sa.String(120), default="")
    what_worked: Mapped[str] = mapped_column(sa.Text, default="")
    what_to_change: Mapped[str] = mapped_column(sa.Text, default="")
    problems: Mapped[str] = mapped_column(sa.Text, default="")  # technical or venue problems
    would_return: Mapped[str] = mapped_column(sa.String(16), default="")  # yes / no / maybe
    lessons_learned: Mapped[str] = mapped_column(sa.Text, default="")

    objectives: Mapped[list["DebriefObjective"]] = relationship(
        cascade="all, delete-orphan", order_by="DebriefObjective.id"
    )


class DebriefObjective(db.Model):
    """A debriefer's view of one objective: achieved or not, and why."""

    __tablename__ = "debrief_objectives"
    __table_args__ = (sa.UniqueConstraint("debrief_id", "objective_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debrief_id: Mapped[int] = mapped_column(
        sa.ForeignKey("debriefs.id", ondelete="CASCADE"), index=True
    )
    objective_id: Mapped[int] = mapped_column(
        sa.ForeignKey("objectives.id", ondelete="CASCADE"), index=True
    )
    achieved: Mapped[Achievement] = enum_column(Achievement)
    why: Mapped[str] = mapped_column(sa.Text, default="")

    objective: Mapped[Objective] = relationship()
