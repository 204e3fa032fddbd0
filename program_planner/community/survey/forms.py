"""Staff form of the community survey: start a survey."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from program_planner.community.forms import optional_int


class SurveyForm(FlaskForm):
    """A new community survey: its title and the branch it is for (or the whole system)."""

    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the survey a title.")), Length(max=200)],
        description=_l("e.g. “Community needs survey 2026”. The public sees it on the form."),
    )
    branch_id = SelectField(_l("Branch"), coerce=optional_int, validate_choice=False)
