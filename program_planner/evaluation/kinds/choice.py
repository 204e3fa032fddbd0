"""Single choice and multiple choice: the question's own options, stored by value."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import RadioField

from program_planner.evaluation.kinds.base import (
    Answer,
    CellError,
    QuestionKind,
    choice_label,
    choice_pairs,
    help_text,
    normalize,
    short,
)
from program_planner.evaluation.kinds.registry import register
from program_planner.evaluation.models import QuestionType
from program_planner.fields import MultiCheckboxField

SEPARATORS = re.compile(r"[\s,;+/]+")


def _option_number(token: str, count: int) -> int:
    if not token.isdigit() or not 1 <= int(token) <= count:
        raise ValueError(token)
    return int(token)


def _match_choice(question, raw: str):
    wanted = normalize(raw)
    for choice in question.choices:
        labels = (choice.get("value"), choice.get("en"), choice.get("fr"))
        if wanted in {normalize(label) for label in labels if label}:
            return choice["value"]
    return None


def _unknown_choice(raw: str, question) -> CellError:
    return CellError(
        _(
            "“%(value)s” is not a choice of “%(question)s”",
            value=short(raw),
            question=short(question.text_en, 60),
        )
    )


def _label_of(question, value: str, language: str) -> str:
    for choice in question.choices:
        if choice["value"] == value:
            return choice_label(choice, language)
    return value


class _Choice(QuestionKind):
    picked = has_options = True

    def answers(self, question, data):
        return [Answer(question_id=question.id, value_text=data)]

    def key_from_answers(self, question, answers):
        values = [c["value"] for c in question.choices]
        numbers = [str(values.index(a.value_text) + 1) for a in answers if a.value_text in values]
        return ("" if len(values) <= 9 else " ").join(numbers)

    def paper(self, question, language):
        return {**super().paper(question, language), "options": choice_pairs(question, language)}

    def key_hint(self, question, language):
        return Markup('<span class="rapid-options">{}</span>').format(
            Markup("").join(
                Markup('<span class="rapid-option"><kbd>{}</kbd> {}</span>').format(
                    number, choice_label(choice, language)
                )
                for number, choice in enumerate(question.choices, start=1)
            )
        )

    def answer_text(self, question, answers, language):
        labels = {c["value"]: choice_label(c, language) for c in question.choices}
        return ", ".join(labels.get(a.value_text, a.value_text) for a in answers)


@register
class SingleChoice(_Choice):
    qtype = QuestionType.SINGLE_CHOICE

    def field(self, question, required, language):
        return RadioField(
            question.text(language),
            choices=choice_pairs(question, language),
            validators=self.presence(required),
            description=help_text(question, language),
        )

    def value_from_key(self, key, question):
        count = len(question.choices)
        try:
            return question.choices[_option_number(key, count) - 1]["value"]
        except ValueError:
            raise ValueError(
                _l("Type the number of one option, from 1 to %(count)s.", count=count)
            ) from None

    def from_cell(self, question, raw):
        value = _match_choice(question, raw)
        if value is None:
            raise _unknown_choice(raw, question)
        return value

    def shown_value(self, question, value, language):
        return _label_of(question, value, language)


@register
class MultipleChoice(_Choice):
    qtype = QuestionType.MULTIPLE_CHOICE
    several = True

    def field(self, question, required, language):
        return MultiCheckboxField(
            question.text(language),
            choices=choice_pairs(question, language),
            validators=self.presence(required),
            description=help_text(question, language),
        )

    def answers(self, question, data):
        # a choice ticked twice (a crafted post) still counts once
        return [Answer(question_id=question.id, value_text=v) for v in dict.fromkeys(data)]

    def paper(self, question, language):
        return {**super().paper(question, language), "tick_all": True}

    def key_hint(self, question, language):
        several = (
            _("Several: type each number, e.g. 13")
            if len(question.choices) <= 9
            else _("Several: numbers separated by spaces, e.g. 1 3 12")
        )
        return Markup('{} <span class="rapid-several">{}</span>').format(
            super().key_hint(question, language), several
        )

    def value_from_key(self, key, question):
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

    def from_cell(self, question, raw):
        whole = _match_choice(question, raw)
        if whole is not None:
            return [whole]
        values = []
        for part in (p.strip() for p in raw.split(";")):
            if not part:
                continue
            found = _match_choice(question, part)
            pieces = [found] if found is not None else _comma_joined(question, part)
            values.extend(v for v in pieces if v not in values)
        return values or None

    def shown_value(self, question, value, language):
        return "; ".join(_label_of(question, v, language) for v in value)


COMMAS_IN_A_LABEL = 7  # at most, in an option joined by commas: bounds the work on a long cell


def _comma_joined(question, part: str) -> list:
    """Return the choices of options joined by commas (Google Forms), an option's own commas
    kept: "Computers, phones and the internet, Cost" is two options, the longest match first."""
    pieces = [p.strip() for p in part.split(",")]
    found, start = [], 0
    while start < len(pieces):
        if not pieces[start]:
            start += 1
            continue
        for end in range(min(len(pieces), start + COMMAS_IN_A_LABEL + 1), start, -1):
            value = _match_choice(question, ", ".join(pieces[start:end]))
            if value is not None:
                found.append(value)
                start = end
                break
        else:
            raise _unknown_choice(pieces[start], question)
    return found
