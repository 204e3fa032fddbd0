"""Forms of the builder: bank questions, templates, and a program's evaluation form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from program_planner.evaluation.builder.service import CHOICE_TYPES, parse_choices
from program_planner.evaluation.engine import ANSWER_NUMBER_LIMIT, strip_control_characters
from program_planner.evaluation.models import QuestionCategory, QuestionType
from program_planner.fields import BoundedDecimalField, MultiCheckboxField, VersionField
from program_planner.planning.models import OutcomeType


def _clean(value):
    return strip_control_characters(value) if isinstance(value, str) else value


class QuestionForm(FlaskForm):
    """A question in English and French, with how it is answered."""

    text_en = StringField(
        _l("Question in English"),
        validators=[DataRequired(_l("Write the question in English.")), Length(max=500)],
        filters=[_clean],
    )
    text_fr = StringField(
        _l("Question in French"),
        validators=[
            DataRequired(
                _l(
                    "Write the question in French too: the public form is offered in English "
                    "and French, and French speakers would otherwise see it in English."
                )
            ),
            Length(max=500),
        ],
        filters=[_clean],
    )
    help_en = StringField(
        _l("Help text in English"), validators=[Optional(), Length(max=500)], filters=[_clean]
    )
    help_fr = StringField(
        _l("Help text in French"), validators=[Optional(), Length(max=500)], filters=[_clean]
    )
    qtype = SelectField(
        _l("How it is answered"),
        choices=QuestionType.choices,
        validators=[InputRequired(_l("Choose how the question is answered."))],
    )
    category = SelectField(_l("Category"), choices=QuestionCategory.choices)
    outcome_type = SelectField(
        _l("Outcome it measures"),
        choices=lambda: [("", _l("None"))] + OutcomeType.choices(),
        validators=[Optional()],
        description=_l("Suggests linking the question to objectives with the same outcome."),
    )
    choices = TextAreaField(
        _l("Choices (single and multiple choice)"),
        validators=[Length(max=10000)],
        description=_l(
            "One choice a line: value | English | Français, e.g. "
            "“website | Library website | Site Web de la bibliothèque”."
        ),
        render_kw={"rows": 6},
    )
    min_value = BoundedDecimalField(
        _l("Smallest number accepted"),
        minimum=-ANSWER_NUMBER_LIMIT,
        maximum=ANSWER_NUMBER_LIMIT,
        validators=[Optional()],
        description=_l("Number questions only; leave blank for no limit."),
    )
    max_value = BoundedDecimalField(
        _l("Largest number accepted"),
        minimum=-ANSWER_NUMBER_LIMIT,
        maximum=ANSWER_NUMBER_LIMIT,
        validators=[Optional()],
        description=_l("Number questions only; leave blank for no limit."),
    )
    code = StringField(
        _l("Code"),
        validators=[Optional(), Length(max=64)],
        description=_l("A short name for exports; made from the English text when left blank."),
    )
    version = VersionField()
    submit = SubmitField(_l("Save question"))

    parsed_choices: list = []

    def validate_choices(self, field):
        if self.qtype.data not in {t.value for t in CHOICE_TYPES}:
            self.parsed_choices = []
            return
        choices, problems = parse_choices(field.data)
        if problems:
            raise ValidationError(" ".join(problems))
        if len(choices) < 2:
            raise ValidationError(_l("A choice question needs at least 2 choices, one a line."))
        self.parsed_choices = choices

    def validate_max_value(self, field):
        low, high = self.min_value.data, field.data
        if low is None or high is None or self.min_value.errors or field.errors:
            return
        if high < low:
            raise ValidationError(_l("The largest number must not be below the smallest."))


class TemplateForm(FlaskForm):
    """A template's name and description, and whether programs are offered it."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Give the template a name.")), Length(max=200)],
        filters=[_clean],
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3}
    )
    active = BooleanField(_l("Offered to programs"), default=True)
    version = VersionField()
    submit = SubmitField(_l("Save template"))


class AddQuestionsForm(FlaskForm):
    """Bank questions to add to a template or a program's form."""

    questions = MultiCheckboxField(
        _l("Questions"),
        coerce=int,
        validators=[DataRequired(_l("Tick at least one question to add."))],
    )
    submit = SubmitField(_l("Add the ticked questions"))


class MoveForm(FlaskForm):
    """Move a question up or down (the button pressed gives the direction)."""

    direction = SelectField(choices=[("up", _l("Up")), ("down", _l("Down"))])


class UseTemplateForm(FlaskForm):
    """Start a program's form from a template."""

    template = RadioField(
        _l("Template"), coerce=int, validators=[InputRequired(_l("Choose a template."))]
    )
    submit = SubmitField(_l("Copy its questions to this form"))


class FormQuestionForm(FlaskForm):
    """A question's place on a program's form: required, and the objectives it measures."""

    required = BooleanField(_l("Attendees must answer this question"))
    objectives = MultiCheckboxField(_l("Objectives this question measures"), coerce=int)
    version = VersionField()
    submit = SubmitField(_l("Save"))
