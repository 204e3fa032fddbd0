"""Forms for the planning parts of a program."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from program_planner.fields import (
    BoundedDecimalField,
    CountField,
    MoneyField,
    MultiCheckboxField,
    stripped_choice,
)
from program_planner.planning.models import (
    Barrier,
    BudgetCategory,
    FundingSource,
    ITItem,
    OutcomeType,
    PromotionChannel,
    PromotionStatus,
    TargetMetric,
    TieInStatus,
)
from program_planner.programs.forms import ItemForm
from program_planner.programs.models import LANGUAGES


class LocalDateField(DateField):
    """A calendar date; a wrong one gets a message people understand."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a date, e.g. 2027-03-14.")) from None


class TargetGroupForm(FlaskForm):
    """A target group of the catalogue, with its community profile."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Name the target group.")), Length(max=120)],
        description=_l("e.g. Seniors, Newcomers, Job seekers"),
    )
    name_fr = StringField(
        _l("French name"),
        validators=[Optional(), Length(max=120)],
        description=_l(
            "What French readers see, e.g. Aînés, Nouveaux arrivants. Left empty, they see the "
            "name above."
        ),
    )
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 3}
    )
    population_estimate = CountField(
        _l("Estimated population in the service area"),
        validators=[Optional()],
        maximum=100_000_000,
        description=_l("How many people of this group live in the area the library serves."),
    )
    population_source = StringField(
        _l("Source of the estimate"),
        validators=[Optional(), Length(max=300)],
        description=_l("e.g. 2021 Census, city social plan"),
    )
    population_year = CountField(
        _l("Year of the estimate"),
        validators=[Optional()],
        minimum=1900,
        maximum=2100,
        message=_l("Enter a year between 1900 and 2100."),
    )
    active = BooleanField(_l("Current (offered when planning programs)"), default=True)
    submit = SubmitField(_l("Save"))


class ProgramTargetGroupForm(ItemForm):
    """A target group the program means to reach, and how."""

    target_group_id = SelectField(
        _l("Target group"),
        coerce=int,
        validators=[DataRequired(_l("Choose a target group."))],
    )
    expected_reach = CountField(
        _l("Expected reach"),
        validators=[InputRequired(_l("Say how many people of this group you expect to reach."))],
        description=_l("People of this group across all sessions."),
    )
    needs = TextAreaField(
        _l("Their particular needs"),
        validators=[Optional(), Length(max=2000)],
        render_kw={"rows": 2},
    )
    barriers = MultiCheckboxField(
        _l("Barriers that keep them away"), choices=Barrier.choices, validators=[Optional()]
    )
    accommodations = TextAreaField(
        _l("Accommodations planned"),
        validators=[Optional(), Length(max=2000)],
        description=_l("e.g. large-print handouts, interpreter, bus tickets, afternoon time."),
        render_kw={"rows": 2},
    )


class ObjectiveForm(ItemForm):
    """A measurable objective and its target."""

    statement = TextAreaField(
        _l("Objective"),
        validators=[DataRequired(_l("Write the objective.")), Length(max=500)],
        description=_l("e.g. “Seniors feel more confident using email and video calls.”"),
        render_kw={"rows": 2},
    )
    outcome_type = SelectField(
        _l("Outcome type"), choices=OutcomeType.choices, validators=[DataRequired()]
    )
    target_metric = SelectField(
        _l("Measured as"), choices=TargetMetric.choices, validators=[DataRequired()]
    )
    target_value = BoundedDecimalField(
        _l("Target"),
        maximum=10_000_000,  # the service checks the range of the metric chosen
        validators=[
            InputRequired(_l("Every objective needs a target, e.g. 80 (%) or 25 (attendees)."))
        ],
        description=_l(
            "At least this much: a percentage (1–100), a number of people, or an "
            "average rating (1–5)."
        ),
    )


class BudgetLineForm(ItemForm):
    """A planned cost, and what was actually spent once known."""

    category = SelectField(
        _l("Category"), choices=BudgetCategory.choices, validators=[DataRequired()]
    )
    funding_source = SelectField(
        _l("Funding source"), choices=FundingSource.choices, validators=[DataRequired()]
    )
    description = StringField(
        _l("Description"),
        validators=[Optional(), Length(max=300)],
        description=_l("e.g. Presenter fee, 4 sessions × $100"),
    )
    planned = MoneyField(
        _l("Planned amount"),
        validators=[InputRequired(_l("Enter the planned amount, e.g. 150 or 149.99."))],
    )
    actual = MoneyField(
        _l("Actual amount"),
        validators=[Optional()],
        description=_l("Leave blank until the money is spent."),
    )


class BudgetActualForm(ItemForm):
    """The actual amount of a budget line whose planned amount is locked."""

    actual = MoneyField(
        _l("Actual amount"),
        validators=[Optional()],
        description=_l("Leave blank until the money is spent."),
    )


class ITRequestForm(ItemForm):
    """Equipment or technology asked of IT."""

    item = SelectField(_l("Item"), choices=ITItem.choices, validators=[DataRequired()])
    quantity = CountField(
        _l("Quantity"),
        default=1,
        validators=[InputRequired(_l("Enter how many, e.g. 1."))],
        minimum=1,
        maximum=1000,
    )
    details = TextAreaField(
        _l("Details"),
        validators=[Optional(), Length(max=500)],
        description=_l("e.g. laptops with Zoom installed, HDMI adapter for a Mac."),
        render_kw={"rows": 2},
    )
    needed_by = LocalDateField(_l("Needed by"), validators=[Optional()])


class ITAdvanceForm(FlaskForm):
    """IT moves a request one step along, from the status the person saw."""

    seen_status = HiddenField()
    it_notes = StringField(_l("IT notes"), validators=[Optional(), Length(max=500)])


class ITQueueFilterForm(FlaskForm):
    """The IT queue's branch filter, read from the query string."""

    class Meta:
        csrf = False

    branch = SelectField(_l("Branch"), validators=[Optional()], filters=[stripped_choice])


class PromotionItemForm(ItemForm):
    """A planned piece of promotion."""

    channel = SelectField(
        _l("Channel"), choices=PromotionChannel.choices, validators=[DataRequired()]
    )
    audience = StringField(
        _l("Audience"),
        validators=[Optional(), Length(max=200)],
        description=_l("e.g. seniors' centres, newcomer settlement agencies"),
    )
    language = SelectField(
        _l("Language"), choices=lambda: list(LANGUAGES.items()), validators=[DataRequired()]
    )
    planned_date = LocalDateField(_l("Planned date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=PromotionStatus.choices, validators=[DataRequired()])
    owner = StringField(
        _l("Owner"),
        validators=[Optional(), Length(max=120)],
        description=_l("Who does it, e.g. Marketing, branch staff."),
    )
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=500)], render_kw={"rows": 2}
    )


class CollectionTieInForm(ItemForm):
    """An item or subject requested from collection development."""

    title_or_subject = StringField(
        _l("Title or subject"),
        validators=[DataRequired(_l("Name a title or a subject.")), Length(max=300)],
    )
    formats = StringField(
        _l("Formats"),
        validators=[Optional(), Length(max=200)],
        description=_l("e.g. large print, e-book, DVD"),
    )
    languages = StringField(_l("Languages"), validators=[Optional(), Length(max=100)])
    quantity = CountField(
        _l("Quantity"),
        default=1,
        validators=[InputRequired(_l("Enter how many, e.g. 1."))],
        minimum=1,
        maximum=10_000,
    )
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=500)], render_kw={"rows": 2}
    )
    status = SelectField(_l("Status"), choices=TieInStatus.choices, validators=[DataRequired()])


class BudgetRollupFilterForm(FlaskForm):
    """The roll-up's filters, read from the query string."""

    class Meta:
        csrf = False

    fiscal_year = SelectField(_l("Fiscal year"), validators=[Optional()], filters=[stripped_choice])
    branch = SelectField(_l("Branch"), validators=[Optional()], filters=[stripped_choice])
