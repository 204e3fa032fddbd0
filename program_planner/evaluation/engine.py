"""The evaluation form engine: a program's questions as a WTForms form, answers as rows.

Used by every way responses arrive: the public form, frontline keying of paper forms, imports.
Values: agreement 1 (strongly disagree) … 5 (strongly agree), "not applicable" stored as no number
and the text "na"; rating 1 … 5; yes = 1, no = 0; single choice → the choice's value as text;
multiple choice → one answer row per choice ticked; number → the number; free text → the text.
"""

import re
import secrets
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from program_planner.evaluation.models import (
    Answer,
    ProgramQuestion,
    Question,
    QuestionType,
    Response,
)
from program_planner.extensions import db
from program_planner.fields import MultiCheckboxField

FREE_TEXT_MAX = 5000
NOT_APPLICABLE = "na"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
ANSWER_NUMBER_LIMIT = Decimal("9999999999.99")  # what an answer's Numeric(12, 2) holds
NUMBER_TEXT_MAX = 40
_SPACES = re.compile(r"[\s\u00a0\u202f']")  # 1 000 / 1 000 / 1'000
_THOUSANDS_COMMA = re.compile(r"-?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?")  # 1,000 / 12,500.5
_THOUSANDS_DOT = re.compile(r"-?[1-9][0-9]{0,2}(\.[0-9]{3})+,[0-9]+")  # 1.000,5

AGREEMENT_CHOICES = [
    ("5", _l("Strongly agree")),
    ("4", _l("Agree")),
    ("3", _l("Neither agree nor disagree")),
    ("2", _l("Disagree")),
    ("1", _l("Strongly disagree")),
    (NOT_APPLICABLE, _l("Not applicable")),
]
RATING_CHOICES = [(str(n), str(n)) for n in (5, 4, 3, 2, 1)]
YES_NO_CHOICES = [("1", _l("Yes")), ("0", _l("No"))]
CHOICE_QUESTIONS = {
    QuestionType.AGREEMENT,
    QuestionType.RATING,
    QuestionType.YES_NO,
    QuestionType.SINGLE_CHOICE,
    QuestionType.MULTIPLE_CHOICE,
}


def strip_control_characters(text: str | None) -> str:
    """Remove control characters (keeping line breaks and tabs) and surrounding spaces."""
    return CONTROL_CHARACTERS.sub("", text or "").strip()


def parse_number(text) -> Decimal | None:
    """Return the number a person typed (to 2 places), or None when it is not a finite one.

    "12,5" and "12.5" are twelve and a half; "1,000", "1 000" and "1,000.5" group thousands;
    NaN, Infinity, 1e999 and numbers longer than NUMBER_TEXT_MAX characters are not numbers.
    """
    text = _SPACES.sub("", str(text or ""))
    if not text or len(text) > NUMBER_TEXT_MAX or not text.isascii():
        return None
    if _THOUSANDS_COMMA.fullmatch(text):
        text = text.replace(",", "")
    elif _THOUSANDS_DOT.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)", text):
        return None  # no exponents, NaN or Infinity
    value = Decimal(text)
    if abs(value) > ANSWER_NUMBER_LIMIT:
        return value  # a finite number out of every range: the caller says so
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)  # as PostgreSQL rounds numeric


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


def _choice_pairs(question: Question, language: str):
    return [(c["value"], c.get(language) or c.get("en") or c["value"]) for c in question.choices]


class _NumberInRange:
    """Accept a number within the question's bounds, with a clear message."""

    def __init__(self, question: Question):
        self.low, self.high = question.min_value, question.max_value

    def __call__(self, form, field):
        if field.data in (None, ""):
            return
        value = parse_number(field.data)
        if value is None:
            raise ValidationError(_l("Enter a number."))
        low = self.low if self.low is not None else -ANSWER_NUMBER_LIMIT
        high = self.high if self.high is not None else ANSWER_NUMBER_LIMIT
        if not low <= value <= high:
            raise ValidationError(
                _l(
                    "Enter a number from %(low)s to %(high)s.",
                    low=self.low if self.low is not None else 0,
                    high=self.high if self.high is not None else "…",
                )
            )


class _BlankIsNoAnswer:
    """Optional() for a choice question: all-blank means no answer; else it must be a choice.

    WTForms' Optional() looks at the first value only and then clears the field's errors, so
    ["   ", "NOT-A-CHOICE"] would pass unchecked; this one looks at every value.
    """

    field_flags = {"optional": True}

    def __call__(self, form, field):
        if any(str(value).strip() for value in field.raw_data or []):
            return
        field.data = [] if isinstance(field, MultiCheckboxField) else None
        field.errors[:] = []
        raise StopValidation()


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def make_field(question: Question, required: bool, language: str):
    """Return an unbound WTForms field asking the question in language."""
    label = question.text(language)
    description = question.help_fr if language == "fr" and question.help_fr else question.help_en
    qtype = question.qtype
    if required:
        presence = [InputRequired(_l("Please answer this question."))]
    elif qtype in CHOICE_QUESTIONS:
        presence = [_BlankIsNoAnswer()]
    else:
        presence = [Optional()]
    if qtype == QuestionType.AGREEMENT:
        return RadioField(
            label, choices=AGREEMENT_CHOICES, validators=presence, description=description
        )
    if qtype == QuestionType.RATING:
        return RadioField(
            label, choices=RATING_CHOICES, validators=presence, description=description
        )
    if qtype == QuestionType.YES_NO:
        return RadioField(
            label, choices=YES_NO_CHOICES, validators=presence, description=description
        )
    if qtype == QuestionType.SINGLE_CHOICE:
        return RadioField(
            label,
            choices=_choice_pairs(question, language),
            validators=presence,
            description=description,
        )
    if qtype == QuestionType.MULTIPLE_CHOICE:
        return MultiCheckboxField(
            label,
            choices=_choice_pairs(question, language),
            validators=presence,
            description=description,
        )
    if qtype == QuestionType.NUMBER:
        return StringField(
            label,
            validators=[*presence, _NumberInRange(question)],
            filters=[_strip],
            description=description,
            render_kw={"inputmode": "decimal"},
        )
    return TextAreaField(
        label,
        validators=[*presence, Length(max=FREE_TEXT_MAX)],
        description=description,
        render_kw={"rows": 3},
        filters=[strip_control_characters],
    )


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
    qtype = question.qtype
    if qtype == QuestionType.MULTIPLE_CHOICE:
        # a choice ticked twice (a crafted post) still counts once
        return [Answer(question_id=question.id, value_text=v) for v in dict.fromkeys(data)]
    if qtype == QuestionType.AGREEMENT and data == NOT_APPLICABLE:
        return [Answer(question_id=question.id, value_text=NOT_APPLICABLE)]
    if qtype in (QuestionType.AGREEMENT, QuestionType.RATING, QuestionType.YES_NO):
        return [Answer(question_id=question.id, value_number=Decimal(data))]
    if qtype == QuestionType.NUMBER:
        return [Answer(question_id=question.id, value_number=parse_number(data))]
    if qtype == QuestionType.SINGLE_CHOICE:
        return [Answer(question_id=question.id, value_text=data)]
    text = strip_control_characters(data)[:FREE_TEXT_MAX]
    return [Answer(question_id=question.id, value_text=text)] if text else []


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
