"""Number: a number within the question's bounds (to 2 places)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField

from program_planner.evaluation.kinds.base import (
    ANSWER_NUMBER_LIMIT,
    Answer,
    CellError,
    NumberInRange,
    QuestionKind,
    cell_decimal,
    help_text,
    parse_number,
    plain_number,
    short,
    strip_spaces,
)
from program_planner.evaluation.kinds.registry import register
from program_planner.evaluation.models import QuestionType
from program_planner.i18n import format_number


@register
class Number(QuestionKind):
    qtype = QuestionType.NUMBER
    has_bounds = True
    key_input = {"inputmode": "decimal"}

    def field(self, question, required, language):
        return StringField(
            question.text(language),
            validators=[*self.presence(required), NumberInRange(question)],
            filters=[strip_spaces],
            description=help_text(question, language),
            render_kw={"inputmode": "decimal"},
        )

    def answers(self, question, data):
        return [Answer(question_id=question.id, value_number=parse_number(data))]

    def value_from_key(self, key, question):
        low, high = question.min_value, question.max_value
        value = parse_number(key)
        if value is None:
            raise ValueError(_l("Enter a number."))
        if not (
            (low if low is not None else -ANSWER_NUMBER_LIMIT)
            <= value
            <= (high if high is not None else ANSWER_NUMBER_LIMIT)
        ):
            raise ValueError(
                _l(
                    "Enter a number from %(low)s to %(high)s.",
                    low=plain_number(low) if low is not None else 0,
                    high=plain_number(high) if high is not None else "…",
                )
            )
        return plain_number(value)

    def key_hint(self, question, language):
        low, high = question.min_value, question.max_value
        if low is not None and high is not None:
            return _(
                "A number from %(low)s to %(high)s",
                low=format_number(low),
                high=format_number(high),
            )
        return _("A number")

    def paper(self, question, language):
        return {**super().paper(question, language), "number": True}

    def from_cell(self, question, raw):
        value = cell_decimal(raw)
        low = question.min_value if question.min_value is not None else -ANSWER_NUMBER_LIMIT
        high = question.max_value if question.max_value is not None else ANSWER_NUMBER_LIMIT
        if value is None:
            raise CellError(
                _(
                    "“%(value)s” is not a number for “%(question)s”",
                    value=short(raw),
                    question=short(question.text_en, 60),
                )
            )
        if not low <= value <= high:
            raise CellError(
                _(
                    "%(value)s is out of range for “%(question)s” (%(low)s to %(high)s)",
                    value=short(raw),
                    question=short(question.text_en, 60),
                    low=low,
                    high=high,
                )
            )
        return format(value.normalize(), "f")  # 2.5, and 1000 for 1E+3
