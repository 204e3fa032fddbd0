"""Agreement scale: 5 strongly agree … 1 strongly disagree, or not applicable."""

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from program_planner.evaluation.kinds.base import (
    NOT_APPLICABLE,
    Answer,
    CellError,
    QuestionKind,
    cell_scale,
    help_text,
    normalize,
    plain_number,
    short,
)
from program_planner.evaluation.kinds.registry import register
from program_planner.evaluation.models import QuestionType

AGREEMENT_CHOICES = [
    ("5", _l("Strongly agree")),
    ("4", _l("Agree")),
    ("3", _l("Neither agree nor disagree")),
    ("2", _l("Disagree")),
    ("1", _l("Strongly disagree")),
    (NOT_APPLICABLE, _l("Not applicable")),
]
AGREEMENT_LABELS = {Decimal(v): label for v, label in AGREEMENT_CHOICES if v != NOT_APPLICABLE}
AGREEMENT_WORDS = {
    "5": ("strongly agree", "tout a fait d'accord", "tres d'accord", "fortement d'accord"),
    "4": ("agree", "d'accord", "plutot d'accord"),
    "3": (
        "neither agree nor disagree",
        "neutral",
        "ni d'accord ni en desaccord",
        "ni en accord ni en desaccord",
        "neutre",
    ),
    "2": ("disagree", "en desaccord", "pas d'accord", "plutot en desaccord"),
    "1": (
        "strongly disagree",
        "pas du tout d'accord",
        "tout a fait en desaccord",
        "fortement en desaccord",
    ),
    NOT_APPLICABLE: (
        "not applicable",
        "n/a",
        "na",
        "does not apply",
        "sans objet",
        "s/o",
        "so",
        "ne s'applique pas",
        "non applicable",
    ),
}


@register
class Agreement(QuestionKind):
    qtype = QuestionType.AGREEMENT
    scale_layout = True
    picked = scored = reported = five_point = paper_grid = True
    key_input = {"maxlength": "1", "size": "2", "data_rapid": "single", "data_keys": "^[0-5n]$"}

    def field(self, question, required, language):
        return RadioField(
            question.text(language),
            choices=AGREEMENT_CHOICES,
            validators=self.presence(required),
            description=help_text(question, language),
        )

    def answers(self, question, data):
        if data == NOT_APPLICABLE:
            return [Answer(question_id=question.id, value_text=NOT_APPLICABLE)]
        return super().answers(question, data)

    def value_from_key(self, key, question):
        if key in ("0", "n", NOT_APPLICABLE):
            return NOT_APPLICABLE
        if key in ("1", "2", "3", "4", "5"):
            return key
        raise ValueError(_l("Type 1 to 5, or 0 or n for not applicable."))

    def key_hint(self, question, language):
        return _(
            "5 strongly agree · 4 agree · 3 neither · 2 disagree · 1 strongly disagree · "
            "0 or n not applicable"
        )

    def paper(self, question, language):
        return {**super().paper(question, language), "options": AGREEMENT_CHOICES}

    def key_from_answers(self, question, answers):
        if answers[0].value_text == NOT_APPLICABLE:
            return "n"
        return super().key_from_answers(question, answers)

    def answer_text(self, question, answers, language):
        first = answers[0]
        labels = dict(AGREEMENT_CHOICES)
        key = first.value_text if first.value_text else plain_number(first.value_number)
        return f"{key} – {labels.get(key, key)}" if key != NOT_APPLICABLE else str(labels[key])

    def from_cell(self, question, raw):
        value = cell_scale(raw, 1, 5)
        if value is None:
            wanted = normalize(raw)
            value = next((k for k, words in AGREEMENT_WORDS.items() if wanted in words), None)
        if value is None:
            raise CellError(
                _(
                    "“%(value)s” is not an answer on the agreement scale of “%(question)s” "
                    "(1 to 5, or Strongly agree … Strongly disagree, N/A)",
                    value=short(raw),
                    question=short(question.text_en, 60),
                )
            )
        return value

    def shown_value(self, question, value, language):
        return str(dict(AGREEMENT_CHOICES)[value])

    def chart_rows(self, counts):
        return [(str(AGREEMENT_LABELS[Decimal(v)]), counts[Decimal(v)]) for v in range(1, 6)]
