"""Program forms: the basics, lifecycle actions, and the base of every plan-row form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from program_planner.fields import CountField, MultiCheckboxField, VersionField, stripped_choice
from program_planner.programs.filters import FILTERS
from program_planner.programs.models import LANGUAGES, DeliveryMode, ProgramType, Status


class ItemForm(FlaskForm):
    """Base of the forms that edit one row of a program's plan."""

    version = VersionField()
    submit = SubmitField(_l("Save"))


class ProgramBasicsForm(FlaskForm):
    """Title, description, type, delivery, languages, goals, need and evidence."""

    version = VersionField()
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the program a title.")), Length(max=200)]
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=5000)],
        description=_l("What happens in the program, as you would describe it to the public."),
        render_kw={"rows": 4},
    )
    title_fr = StringField(
        _l("Title in French"),
        validators=[Optional(), Length(max=200)],
        description=_l("Optional. Shown instead of the title to people reading in French."),
        render_kw={"lang": "fr"},
    )
    description_fr = TextAreaField(
        _l("Description in French"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Optional. Public pages, paper forms and calendars in French show it."),
        render_kw={"rows": 3, "lang": "fr"},
    )
    branch_id = SelectField(
        _l("Branch"), coerce=int, validators=[DataRequired(_l("Choose a branch."))]
    )
    program_type = SelectField(
        _l("Program type"), choices=ProgramType.choices, validators=[DataRequired()]
    )
    delivery_mode = SelectField(
        _l("Delivery mode"), choices=DeliveryMode.choices, validators=[DataRequired()]
    )
    languages = MultiCheckboxField(
        _l("Languages of delivery"),
        choices=lambda: list(LANGUAGES.items()),
        validators=[DataRequired(_l("Choose at least one language."))],
    )
    strategic_goals = MultiCheckboxField(
        _l("Strategic goals it serves"), coerce=int, validators=[Optional()]
    )
    community_need = TextAreaField(
        _l("Community need"),
        validators=[
            DataRequired(_l("Say which community need this program answers.")),
            Length(max=5000),
        ],
        render_kw={"rows": 3},
    )
    need_evidence = TextAreaField(
        _l("Evidence of the need"),
        validators=[Optional(), Length(max=5000)],
        description=_l(
            "Census figures, community consultations, requests at the desk, "
            "waiting lists, partner reports ..."
        ),
        render_kw={"rows": 3},
    )
    fiscal_year = CountField(
        _l("Fiscal year"),
        validators=[
            DataRequired(_l("Enter the fiscal year, e.g. 2027.")),
            NumberRange(min=2000, max=2100, message=_l("Enter a year between 2000 and 2100.")),
        ],
        maximum=2100,
    )
    submit = SubmitField(_l("Save"))


class TransitionForm(FlaskForm):
    """A lifecycle action with an optional (sometimes required) comment."""

    version = VersionField()
    comment = TextAreaField(
        _l("Comment"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )


class LessonsForm(FlaskForm):
    """What the programmer learned, for the next round of programming."""

    version = VersionField()
    lessons_learned = TextAreaField(
        _l("Lessons learned"), validators=[Optional(), Length(max=10000)], render_kw={"rows": 5}
    )
    submit = SubmitField(_l("Save lessons learned"))


def _blank(label):
    return [("", label)]


class ProgramFilterForm(FlaskForm):
    """The program list's filters, read from the query string."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Search"), validators=[Optional(), Length(max=100)], render_kw={"type": "search"}
    )
    status = SelectField(
        _l("Status"),
        validators=[Optional()],
        choices=lambda: _blank(_l("Any status")) + Status.choices(),
        filters=[stripped_choice],
    )
    branch = SelectField(_l("Branch"), validators=[Optional()], filters=[stripped_choice])
    program_type = SelectField(
        _l("Program type"),
        validators=[Optional()],
        choices=lambda: _blank(_l("Any type")) + ProgramType.choices(),
        filters=[stripped_choice],
    )


def program_filter_form_class():
    """Return the filter form with the filters other areas registered."""
    extra = {f.key: f.make_field() for f in sorted(FILTERS.values(), key=lambda f: f.order)}
    return type("ProgramListFilterForm", (ProgramFilterForm,), extra)


class StrategicGoalForm(FlaskForm):
    """A goal of the library's strategic plan."""

    name = StringField(_l("Goal"), validators=[DataRequired(_l("Name the goal.")), Length(max=200)])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3}
    )
    active = BooleanField(_l("Current (offered when planning programs)"), default=True)
    submit = SubmitField(_l("Save"))
