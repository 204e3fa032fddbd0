"""Yes / no: yes stored as 1, no as 0."""

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from program_planner.evaluation.kinds.base import (
    CellError,
    QuestionKind,
    help_text,
    normalize,
    short,
)
from program_planner.evaluation.kinds.registry import register
from program_planner.evaluation.models import QuestionType

YES_NO_CHOICES = [("1", _l("Yes")), ("0", _l("No"))]
YES_KEYS, NO_KEYS = ("1", "y", "o"), ("0", "n")
YES_WORDS = ("yes", "y", "oui", "o", "1", "true", "vrai")
NO_WORDS = ("no", "n", "non", "0", "false", "faux")


@register
class YesNo(QuestionKind):
    qtype = QuestionType.YES_NO
    picked = scored = reported = True
    key_input = {"maxlength": "1", "size": "2", "data_rapid": "single", "data_keys": "^[01yno]$"}
    number_is_cell = False
    chart_colours = (0, 4)  # the two ends of the scale

    def field(self, question, required, language):
        return RadioField(
            question.text(language),
            choices=YES_NO_CHOICES,
            validators=self.presence(required),
            description=help_text(question, language),
        )

    def value_from_key(self, key, question):
        if key in YES_KEYS:
            return "1"
        if key in NO_KEYS:
            return "0"
        raise ValueError(_l("Type 1 or y for yes, 0 or n for no."))

    def key_hint(self, question, language):
        return _("1 or y yes · 0 or n no")

    def paper(self, question, language):
        return {**super().paper(question, language), "options": YES_NO_CHOICES}

    def answer_text(self, question, answers, language):
        return str(dict(YES_NO_CHOICES)[str(int(answers[0].value_number))])

    def from_cell(self, question, raw):
        wanted = normalize(raw)
        if wanted in YES_WORDS:
            return "1"
        if wanted in NO_WORDS:
            return "0"
        raise CellError(
            _(
                "“%(value)s” is not yes or no for “%(question)s”",
                value=short(raw),
                question=short(question.text_en, 60),
            )
        )

    def shown_value(self, question, value, language):
        return str(dict(YES_NO_CHOICES)[value])

    def excel_value(self, number, text, context, labels):
        if number is not None:
            return context.yes if number == 1 else context.no
        return super().excel_value(number, text, context, labels)

    def chart_rows(self, counts):
        return [(_("No"), counts[Decimal(0)]), (_("Yes"), counts[Decimal(1)])]

    def positive(self, counts):
        return counts.get(Decimal(1), 0)

    def positive_words(self, percent):
        return _("%(p)s answered yes", p=percent)

    def report_words(self, counts):
        return self.positive_words(f"{round(100 * self.positive(counts) / sum(counts.values()))} %")

    def as_agreement(self, value):
        # yes/no pooled with scales: yes counts as agreeing (5), no as not (1)
        return Decimal(5) if value == 1 else Decimal(1)
