"""Forms of frontline work: a session's headcount, and paper forms keyed in one key per answer.

A paper form's answers are typed as short keys (agreement 1–5 or 0/n for not applicable, rating
1–5, yes/no 1/y or 0/n, the number of a choice, several numbers for a multiple choice, a number,
a text); each field turns its key into the value the public form would have posted, so that
engine.answers_for() stores both the same way.
"""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from program_planner.evaluation import engine
from program_planner.evaluation.models import QuestionType
from program_planner.fields import CountField, VersionField

OBSERVATIONS_MAX = 10_000
PAPER_LANGUAGES = [("en", "English"), ("fr", "Français")]
SINGLE_KEY = (QuestionType.AGREEMENT, QuestionType.RATING, QuestionType.YES_NO)
YES_KEYS, NO_KEYS = ("1", "y", "o"), ("0", "n")
SEPARATORS = re.compile(r"[\s,;+/]+")


class OccurrenceReportForm(FlaskForm):
    """What staff recorded at one session: how many came, how many for the first time, and what
    they saw."""

    headcount = CountField(
        _l("Headcount"),
        validators=[InputRequired(_l("Enter how many people attended, e.g. 18."))],
        description=_l("Everyone who attended the session, counted during it."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "autofocus": True},
    )
    first_time_count = CountField(
        _l("First-time attendees"),
        validators=[Optional()],
        description=_l("Of those, people at a library program for the first time (0 if none)."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    paper_forms_collected = CountField(
        _l("Paper forms collected"),
        validators=[Optional()],
        description=_l(
            "How many paper evaluation forms were handed in; the home page lists the session "
            "until that many are keyed in."
        ),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    observations = TextAreaField(
        _l("Observations"),
        validators=[Optional(), Length(max=OBSERVATIONS_MAX)],
        filters=[engine.strip_control_characters],
        description=_l(
            "What you saw: engagement, questions people asked, problems with the room or the "
            "equipment, anything the next session should do differently."
        ),
        render_kw={"rows": 6},
    )
    version = VersionField()
    submit = SubmitField(_l("Save the session report"))

    def validate_first_time_count(self, field):
        headcount = self.headcount.data
        if field.data is not None and headcount is not None and field.data > headcount:
            raise ValidationError(
                _l(
                    "First-time attendees (%(first)s) cannot be more than the headcount "
                    "(%(headcount)s).",
                    first=field.data,
                    headcount=headcount,
                )
            )


# --- Paper forms ------------------------------------------------------------------------------


def choice_labels(question, language: str) -> list[str]:
    """Return a choice question's option labels, in screen order (option 1 first)."""
    return [c.get(language) or c.get("en") or c["value"] for c in question.choices]


def _agreement(key: str, question):
    if key in ("0", "n", engine.NOT_APPLICABLE):
        return engine.NOT_APPLICABLE
    if key in ("1", "2", "3", "4", "5"):
        return key
    raise ValueError(_l("Type 1 to 5, or 0 or n for not applicable."))


def _rating(key: str, question):
    if key in ("1", "2", "3", "4", "5"):
        return key
    raise ValueError(_l("Type a rating from 1 to 5."))


def _yes_no(key: str, question):
    if key in YES_KEYS:
        return "1"
    if key in NO_KEYS:
        return "0"
    raise ValueError(_l("Type 1 or y for yes, 0 or n for no."))


def _option_number(token: str, count: int) -> int:
    if not token.isdigit() or not 1 <= int(token) <= count:
        raise ValueError(token)
    return int(token)


def _single_choice(key: str, question):
    count = len(question.choices)
    try:
        return question.choices[_option_number(key, count) - 1]["value"]
    except ValueError:
        raise ValueError(
            _l("Type the number of one option, from 1 to %(count)s.", count=count)
        ) from None


def _multiple_choice(key: str, question):
    count = len(question.choices)
    separated = SEPARATORS.search(key) is not None or count > 9
    tokens = [t for t in SEPARATORS.split(key) if t] if separated else list(key)
    try:
        numbers = [_option_number(t, count) for t in tokens]
    except ValueError:
        if count > 9:
            message = _l(
                "Type the numbers of the options ticked, from 1 to %(count)s, separated by "
                "spaces, e.g. 1 3 12.",
                count=count,
            )
        else:
            message = _l(
                "Type the numbers of the options ticked, from 1 to %(count)s, e.g. 13.",
                count=count,
            )
        raise ValueError(message) from None
    return [question.choices[n - 1]["value"] for n in dict.fromkeys(numbers)]


def plain_number(number: Decimal) -> str:
    """Return 42 for 42.00 and 4.5 for 4.50."""
    return str(int(number)) if number == number.to_integral() else str(number.normalize())


def _number(key: str, question):
    low, high = question.min_value, question.max_value
    value = engine.parse_number(key)
    if value is None:
        raise ValueError(_l("Enter a number."))
    if not (
        (low if low is not None else -engine.ANSWER_NUMBER_LIMIT)
        <= value
        <= (high if high is not None else engine.ANSWER_NUMBER_LIMIT)
    ):
        raise ValueError(
            _l(
                "Enter a number from %(low)s to %(high)s.",
                low=plain_number(low) if low is not None else 0,
                high=plain_number(high) if high is not None else "…",
            )
        )
    return plain_number(value)


def _free_text(key: str, question):
    if len(key) > engine.FREE_TEXT_MAX:
        raise ValueError(_l("Keep this under %(max)s characters.", max=f"{engine.FREE_TEXT_MAX:,}"))
    return key


PARSERS = {
    QuestionType.AGREEMENT: _agreement,
    QuestionType.RATING: _rating,
    QuestionType.YES_NO: _yes_no,
    QuestionType.SINGLE_CHOICE: _single_choice,
    QuestionType.MULTIPLE_CHOICE: _multiple_choice,
    QuestionType.NUMBER: _number,
    QuestionType.FREE_TEXT: _free_text,
}


def value_from_key(question, raw: str | None):
    """Return the engine value of a typed key (None when blank); ValueError with a message."""
    text = engine.strip_control_characters(raw)
    if not text:
        return None
    if question.qtype != QuestionType.FREE_TEXT:
        text = text.lower()
    return PARSERS[question.qtype](text, question)


def key_from_answers(question, answers) -> str:
    """Return the key that stands for a question's stored answers (the inverse of the above)."""
    if not answers:
        return ""
    qtype = question.qtype
    if qtype == QuestionType.AGREEMENT and answers[0].value_text == engine.NOT_APPLICABLE:
        return "n"
    if qtype in (*SINGLE_KEY, QuestionType.NUMBER):
        number = answers[0].value_number
        if number is None:
            return ""
        return plain_number(number)
    if qtype in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        values = [c["value"] for c in question.choices]
        numbers = [str(values.index(a.value_text) + 1) for a in answers if a.value_text in values]
        return ("" if len(values) <= 9 else " ").join(numbers)
    return answers[0].value_text or ""


class PaperKeyField(StringField):
    """One answer of a paper form, typed as a key; .value holds what the engine stores."""

    def __init__(self, label=None, question=None, **kwargs):
        super().__init__(label, **kwargs)
        self.question = question
        self.value = None

    def pre_validate(self, form):
        try:
            self.value = value_from_key(self.question, self.data)
        except ValueError as error:
            self.value = None
            raise ValidationError(str(error)) from None


class PaperFormBase(FlaskForm):
    """Fields every keyed-in paper form has besides its questions."""

    submission_key = HiddenField()
    form_language = SelectField(
        _l("Language of the paper form"), choices=PAPER_LANGUAGES, default="en"
    )
    submit = SubmitField(_l("Save and key in the next form"))

    def validate_submission_key(self, field):
        if field.data and (len(field.data) > 64 or not re.fullmatch(r"[\w-]+", field.data)):
            field.data = ""

    def answered(self) -> bool:
        """Whether at least one question was answered."""
        return any(getattr(self, name).value not in (None, "", []) for _pq, name in self.keyed)


def make_paper_form(questions):
    """Return a form class keying in these questions (fields named q<question id>)."""
    fields = {}
    for pq in questions:
        question = pq.question
        kw = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        if question.qtype in SINGLE_KEY:
            kw.update(maxlength="1", size="2", data_rapid="single")
        elif question.qtype == QuestionType.FREE_TEXT:
            kw.update(maxlength=str(engine.FREE_TEXT_MAX), spellcheck="true")
        elif question.qtype == QuestionType.NUMBER:
            kw.update(inputmode="decimal")
        fields[engine.field_name(question)] = PaperKeyField(
            question.text_en, question=question, validators=[Optional()], render_kw=kw
        )
    form_class = type("PaperForm", (PaperFormBase,), fields)
    form_class.keyed = [(pq, engine.field_name(pq.question)) for pq in questions]
    return form_class


def answers_from_paper_form(form) -> list:
    """Return the answer rows (unsaved) of a validated paper form."""
    answers = []
    for pq, name in form.keyed:
        answers.extend(engine.answers_for(pq.question, getattr(form, name).value))
    return answers
