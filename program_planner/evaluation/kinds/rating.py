"""Rating: 1 to 5 stars."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField

from program_planner.evaluation.kinds.base import (
    CellError,
    QuestionKind,
    cell_scale,
    help_text,
    short,
)
from program_planner.evaluation.kinds.registry import register
from program_planner.evaluation.models import QuestionType

RATING_CHOICES = [(str(n), str(n)) for n in (5, 4, 3, 2, 1)]


def scale_text(question, language) -> str:
    """Return what the numbers mean, the same online and on paper: the question's own help."""
    return help_text(question, language) or _("1 = poor, 5 = excellent")


@register
class Rating(QuestionKind):
    qtype = QuestionType.RATING
    picked = scored = reported = five_point = True
    key_input = {"maxlength": "1", "size": "2", "data_rapid": "single", "data_keys": "^[1-5]$"}

    def field(self, question, required, language):
        return RadioField(
            question.text(language),
            choices=RATING_CHOICES,
            validators=self.presence(required),
            description=scale_text(question, language),
        )

    def value_from_key(self, key, question):
        if key in ("1", "2", "3", "4", "5"):
            return key
        raise ValueError(_l("Type a rating from 1 to 5."))

    def key_hint(self, question, language):
        return _("A rating from 1 to 5")

    def paper(self, question, language):
        return {
            **super().paper(question, language),
            "options": RATING_CHOICES,
            "hint": scale_text(question, language),
        }

    def from_cell(self, question, raw):
        value = cell_scale(raw, 1, 5)
        if value is None:
            raise CellError(
                _(
                    "“%(value)s” is not a rating from 1 to 5 for “%(question)s”",
                    value=short(raw),
                    question=short(question.text_en, 60),
                )
            )
        return value
