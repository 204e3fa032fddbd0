"""The evaluation form engine: a program's questions as a WTForms form, answers as rows.

Used by every way responses arrive: the public form, frontline keying of paper forms, imports.
What each question type asks and stores is its kind's (evaluation/kinds/).
"""

import secrets

import sqlalchemy as sa
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms import HiddenField

from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.kinds.agreement import AGREEMENT_CHOICES  # noqa: F401
from program_planner.evaluation.kinds.base import (  # noqa: F401  (the engine's vocabulary)
    ANSWER_NUMBER_LIMIT,
    FREE_TEXT_MAX,
    NOT_APPLICABLE,
    NUMBER_TEXT_MAX,
    parse_number,
    plain_number,
    strip_control_characters,
)
from program_planner.evaluation.kinds.yes_no import YES_NO_CHOICES  # noqa: F401
from program_planner.evaluation.models import (
    Answer,
    ProgramQuestion,
    Question,
    Response,
)
from program_planner.extensions import db


def field_name(question: Question) -> str:
    """Return the form field name of a question."""
    return f"q{question.id}"


def current_language() -> str:
    """Return the language the form is shown in (en or fr)."""
    locale = get_locale()
    return locale.language if locale else "en"


def program_questions(program_id: int) -> list[ProgramQuestion]:
    """Return a program's form questions in order, with their questions, in one query."""
    return (
        db.session.scalars(
            sa.select(ProgramQuestion)
            .where(ProgramQuestion.program_id == program_id)
            .order_by(ProgramQuestion.position, ProgramQuestion.id)
        )
        .unique()
        .all()
    )


def make_field(question: Question, required: bool, language: str):
    """Return an unbound WTForms field asking the question in language."""
    return kind_of(question).field(question, required, language)


class ResponseFormBase(FlaskForm):
    """Base of every response form: a random key so a double post stores one response."""

    submission_key = HiddenField()


def make_response_form(questions: list[ProgramQuestion], language: str | None = None):
    """Return a form class asking these questions (fields named q<question id>)."""
    language = language or current_language()
    fields = {
        field_name(pq.question): make_field(pq.question, pq.required, language) for pq in questions
    }
    form_class = type("ResponseForm", (ResponseFormBase,), fields)
    form_class.question_fields = [(pq, field_name(pq.question)) for pq in questions]
    return form_class


def new_submission_key() -> str:
    """Return a fresh random key for a blank form."""
    return secrets.token_urlsafe(24)


def answers_from_form(form, questions: list[ProgramQuestion]) -> list[Answer]:
    """Turn a validated form into answer rows (unsaved); unanswered questions give none."""
    answers = []
    for pq in questions:
        question = pq.question
        data = getattr(form, field_name(question)).data
        answers.extend(answers_for(question, data))
    return answers


def answers_for(question: Question, data) -> list[Answer]:
    """Return the answer rows for one question's validated value."""
    if isinstance(data, str):
        data = data.strip()
    if data in (None, "", []):
        return []
    return kind_of(question).answers(question, data)


def save_response(
    *,
    program_id,
    submission_key,
    answers,
    channel,
    language="en",
    occurrence_id=None,
    kind=None,
    entered_by_id=None,
    import_batch_id=None,
):
    """Store a response once: a second post with the same key returns the first, created=False.

    Returns (response, created). Never stores the respondent's IP, user agent or account.
    """
    existing = db.session.scalar(
        sa.select(Response).where(Response.submission_key == submission_key)
    )
    if existing is not None:
        return existing, False
    response = Response(
        program_id=program_id,
        occurrence_id=occurrence_id,
        channel=channel,
        language=language,
        submission_key=submission_key,
        entered_by_id=entered_by_id,
        import_batch_id=import_batch_id,
        answers=answers,
    )
    if kind is not None:
        response.kind = kind
    try:
        with db.session.begin_nested():  # the unique key settles two posts at the same moment
            db.session.add(response)
    except sa.exc.IntegrityError:
        existing = db.session.scalar(
            sa.select(Response).where(Response.submission_key == submission_key)
        )
        return existing, False
    return response, True
