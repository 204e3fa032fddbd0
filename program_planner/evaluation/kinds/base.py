"""What every question kind shares: stored-value rules, number parsing, the QuestionKind base.

Values: agreement 1 (strongly disagree) … 5 (strongly agree), "not applicable" stored as no number
and the text "na"; rating 1 … 5; yes = 1, no = 0; single choice → the choice's value as text;
multiple choice → one answer row per choice ticked; number → the number; free text → the text.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired, Optional, StopValidation, ValidationError

from program_planner.evaluation.models import Answer, Question, QuestionType
from program_planner.fields import MultiCheckboxField
from program_planner.i18n import format_number

FREE_TEXT_MAX = 5000
NOT_APPLICABLE = "na"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
ANSWER_NUMBER_LIMIT = Decimal("9999999999.99")  # what an answer's Numeric(12, 2) holds
NUMBER_TEXT_MAX = 40
_SPACES = re.compile(r"[\s\u00a0\u202f']")  # 1 000 / 1 000 / 1'000
_THOUSANDS_COMMA = re.compile(r"-?[1-9][0-9]{0,2}(,[0-9]{3})+(\.[0-9]+)?")  # 1,000 / 12,500.5
_THOUSANDS_DOT = re.compile(r"-?[1-9][0-9]{0,2}(\.[0-9]{3})+,[0-9]+")  # 1.000,5
AGREE_FROM = Decimal(4)  # 4 = agree, 5 = strongly agree (and ratings of 4 or 5)


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


def plain_number(number: Decimal) -> str:
    """Return 42 for 42.00 and 4.5 for 4.50."""
    return str(int(number)) if number == number.to_integral() else str(number.normalize())


def choice_label(choice: dict, language: str) -> str:
    """Return a choice's label in language (English, then its value, when missing)."""
    return choice.get(language) or choice.get("en") or choice["value"]


def choice_pairs(question: Question, language: str) -> list[tuple[str, str]]:
    """Return (value, label) of a choice question's options, in screen order."""
    return [(c["value"], choice_label(c, language)) for c in question.choices]


# --- Imported cells ---------------------------------------------------------------------------


class CellError(ValueError):
    """A cell's value cannot be stored as an answer to its question; the message says why."""


def normalize(text) -> str:
    """Return text lower-cased, without accents, curly quotes or repeated spaces, for matching."""
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip(" .:?!*")


def short(text: str, limit: int = 40) -> str:
    """Return text on one line, cut to limit characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell_decimal(raw: str):
    """Return a cell's number, as a person types it (1,000; 2,5) or a sheet writes it (1E-05)."""
    value = parse_number(raw)
    if value is not None:
        return value
    text = raw.strip()
    if len(text) > NUMBER_TEXT_MAX or not re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]{1,3}", text):
        return None
    value = Decimal(text)
    return value if value.is_finite() else None


def cell_scale(raw: str, low: int, top: int):
    """Return a whole number from low to top as text, or None."""
    number = cell_decimal(raw)
    if number is not None and number == number.to_integral_value() and low <= number <= top:
        return str(int(number))
    return None


# --- Form validators --------------------------------------------------------------------------


class NumberInRange:
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


class BlankIsNoAnswer:
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


def strip_spaces(value):
    """A WTForms filter: strip a text's surrounding spaces."""
    return value.strip() if isinstance(value, str) else value


# --- The kind ---------------------------------------------------------------------------------


class QuestionKind:
    """How one question type is asked, stored, keyed, imported, exported and reported.

    Subclasses set qtype and override what differs; registry.register() makes them known.
    """

    qtype: QuestionType
    picked = False  # answered by picking options: all-blank is no answer, else it must be one
    has_options = False  # the question carries its own choices (the builder asks for them)
    several = False  # several options may be ticked (an import may spread them over columns)
    has_bounds = False  # the question carries a minimum and a maximum (the builder asks)
    scored = False  # answers on the 1–5 agreement scale (or pooled into it) judge objectives
    reported = False  # the program report summarises its answers with a chart
    comment = False  # its answers are comments, listed in reports and exports
    scale_layout = False  # the public form lays its options out as a scale, side by side
    choices_layout = ""  # an extra class of its options on the public form
    paper_grid = False  # consecutive questions of this kind share one grid on the paper form
    key_input: dict = {}  # extra attributes of its rapid-entry input (data_rapid="single" and
    # data_keys, a pattern of a whole answer, let the browser jump on after one key)
    keys_keep_case = False  # rapid-entry keys are lower-cased unless this is set
    five_point = False  # its numbers are 1–5 on a scale (the export's distribution chart)
    number_is_cell = True  # a stored number is shown as it is in a sheet's cell
    chart_colours = (0, 1, 2, 3, 4)  # which colours of the 5-point scale its chart rows take

    # -- The public form -----------------------------------------------------------------------

    def presence(self, required: bool) -> list:
        """Return the validators that say whether the question must be answered."""
        if required:
            return [InputRequired(_l("Please answer this question."))]
        return [BlankIsNoAnswer()] if self.picked else [Optional()]

    def field(self, question: Question, required: bool, language: str):
        """Return an unbound WTForms field asking the question in language."""
        raise NotImplementedError

    def answers(self, question: Question, data) -> list[Answer]:
        """Return the answer rows for a validated, non-blank value."""
        return [Answer(question_id=question.id, value_number=Decimal(data))]

    def paper(self, question: Question, language: str) -> dict:
        """Return how the printed form asks it: boxes to tick (options), a hint, or space."""
        return {"options": None, "hint": None, "tick_all": False, "number": False, "inline": False}

    # -- Frontline rapid entry -------------------------------------------------------------------

    def value_from_key(self, key: str, question: Question):
        """Return the form value of a typed key, or raise ValueError with a message."""
        raise NotImplementedError

    def key_hint(self, question: Question, language: str) -> str:
        """Return the keys it takes, shown beside its rapid-entry input (text or Markup)."""
        raise NotImplementedError

    def key_from_answers(self, question: Question, answers) -> str:
        """Return the key that stands for a question's stored answers (never empty answers)."""
        number = answers[0].value_number
        return "" if number is None else plain_number(number)

    def answer_text(self, question: Question, answers, language: str) -> str:
        """Return stored answers the way a person reads them (never empty answers)."""
        first = answers[0]
        if first.value_number is not None:
            return plain_number(first.value_number)
        return first.value_text or ""

    # -- Imports --------------------------------------------------------------------------------

    def from_cell(self, question: Question, raw: str):
        """Return the form value of a non-blank cell, or raise CellError."""
        raise NotImplementedError

    def shown_value(self, question: Question, value, language: str) -> str:
        """Return a form value the way a person reads it (the import preview)."""
        return str(value)

    # -- Excel ----------------------------------------------------------------------------------

    def excel_value(self, number, text, context, labels: dict):
        """Return how one stored answer reads in a sheet's cell."""
        if text == NOT_APPLICABLE and number is None:
            return context.na
        if number is not None:
            return number
        return labels.get(text, text)

    # -- Reports --------------------------------------------------------------------------------

    def chart_rows(self, counts) -> list[tuple[str, int]]:
        """Return (label, count) for every possible answer, lowest first."""
        return [(str(v), counts[Decimal(v)]) for v in range(1, 6)]

    def positive(self, counts) -> int:
        """Return how many answers are positive (agree, 4–5, yes)."""
        return sum(c for v, c in counts.items() if v >= AGREE_FROM)

    def as_agreement(self, value: Decimal) -> Decimal:
        """Return a stored number on the 1–5 agreement scale, pooled with other kinds."""
        return value

    def positive_words(self, percent: str) -> str:
        """Return what a share of positive answers means, e.g. "80 % agree (4–5)"."""
        return _("%(p)s agree (4–5)", p=percent)

    def report_words(self, counts) -> str:
        """Return the report's one-line summary of {value: count} (never empty counts)."""
        n = sum(counts.values())
        mean = float(sum(v * c for v, c in counts.items()) / n)
        share = self.positive(counts) / n
        return " · ".join(
            (
                self.positive_words(f"{round(100 * share)} %"),
                _("mean %(m)s", m=format_number(mean, 1)),
            )
        )


def help_text(question: Question, language: str) -> str:
    """Return a question's help text in language (English when there is no French)."""
    return question.help_fr if language == "fr" and question.help_fr else question.help_en
