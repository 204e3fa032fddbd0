"""Free text: a comment, control characters stripped, at most FREE_TEXT_MAX characters."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length

from program_planner.evaluation.kinds.base import (
    FREE_TEXT_MAX,
    Answer,
    CellError,
    QuestionKind,
    help_text,
    short,
    strip_control_characters,
)
from program_planner.evaluation.kinds.registry import register
from program_planner.evaluation.models import QuestionType


@register
class FreeText(QuestionKind):
    qtype = QuestionType.FREE_TEXT
    comment = keys_keep_case = True
    key_input = {"maxlength": str(FREE_TEXT_MAX), "spellcheck": "true"}

    def field(self, question, required, language):
        return TextAreaField(
            question.text(language),
            validators=[*self.presence(required), Length(max=FREE_TEXT_MAX)],
            description=help_text(question, language),
            render_kw={"rows": 3},
            filters=[strip_control_characters],
        )

    def answers(self, question, data):
        text = strip_control_characters(data)[:FREE_TEXT_MAX]
        return [Answer(question_id=question.id, value_text=text)] if text else []

    def value_from_key(self, key, question):
        if len(key) > FREE_TEXT_MAX:
            raise ValueError(_l("Keep this under %(max)s characters.", max=f"{FREE_TEXT_MAX:,}"))
        return key

    def key_hint(self, question, language):
        return _("The comment as written (blank if none)")

    def key_from_answers(self, question, answers):
        return answers[0].value_text or ""

    def answer_text(self, question, answers, language):
        return answers[0].value_text or ""

    def from_cell(self, question, raw):
        if len(raw) > FREE_TEXT_MAX:
            raise CellError(
                _(
                    "the answer to “%(question)s” is too long (%(n)s characters, at most %(max)s)",
                    question=short(question.text_en, 60),
                    n=len(raw),
                    max=FREE_TEXT_MAX,
                )
            )
        return raw
