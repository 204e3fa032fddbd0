"""Forms for the planning parts of a program."""

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from program_planner.planning.models import OutcomeType, TargetMetric
from program_planner.programs.forms import ItemForm


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
    target_value = DecimalField(
        _l("Target"),
        places=2,
        validators=[
            InputRequired(_l("Every objective needs a target, e.g. 80 (%) or 25 (attendees)."))
        ],
        description=_l(
            "At least this much: a percentage (1–100), a number of people, or an "
            "average rating (1–5)."
        ),
    )
