"""Forms of annual statistics: the reporting profile, how a program counts, a recording."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from program_planner.fields import CountField, VersionField
from program_planner.programs.forms import ItemForm
from program_planner.reports.annual.models import ActivityKind, Audience
from program_planner.reports.annual.profiles import PROFILES


class SettingsForm(FlaskForm):
    """The library's reporting settings."""

    version = VersionField()
    profile = RadioField(
        _l("Reporting profile for annual statistics"),
        choices=lambda: [(k, v) for k, v in PROFILES.items()],
        validators=[InputRequired(_l("Choose the agency you report to."))],
        description=_l("The agency's categories and counting rules the annual statistics follow."),
    )
    year_start_month = SelectField(
        _l("The reporting year starts on"),
        coerce=int,
        choices=lambda: [(m, _l("1 %(month)s", month=month_name(m))) for m in range(1, 13)],
        default=1,  # absent (an older form): the calendar year; any other value is refused
        description=_l(
            "1 January for the calendar year (most provincial surveys); the first day of the "
            "library's fiscal year for the Public Libraries Survey, e.g. 1 July or 1 October."
        ),
    )
    submit = SubmitField(_l("Save the settings"))


def month_name(month: int) -> str:
    """Return the month's name in the reader's language ("April", "avril")."""
    from flask_babel import get_locale

    return get_locale().months["format"]["wide"][month]


class CountingForm(FlaskForm):
    """How a program counts in annual statistics."""

    version = VersionField()
    audience = RadioField(
        _l("Primary audience"),
        choices=Audience.choices,
        default=Audience.ADULT.value,
        validators=[InputRequired(_l("Choose the program's primary audience."))],
        description=_l(
            "Each program counts once, under the one audience it was mainly meant for: general "
            "interest for programs for all ages, such as adults and teens together."
        ),
    )
    activity = RadioField(
        _l("Kind of activity"),
        choices=ActivityKind.choices,
        default=ActivityKind.PROGRAM.value,
        validators=[InputRequired(_l("Choose the kind of activity."))],
        description=_l(
            "Agencies do not count one-to-one help or self-directed activities as programs; "
            "they are listed apart."
        ),
    )
    submit = SubmitField(_l("Save"))


class RecordingForm(ItemForm):
    """A recorded presentation of the program, posted for people to watch later."""

    title = StringField(
        _l("Title of the recording"),
        validators=[DataRequired(_l("Give the recording a title.")), Length(max=200)],
    )
    posted_on = DateField(
        _l("Posted on"),
        validators=[InputRequired(_l("Enter the date it was posted, e.g. 2027-03-14."))],
    )
    views_30_days = CountField(
        _l("Views in the first 30 days"),
        validators=[Optional()],
        maximum=100_000_000,
        description=_l("As the video platform reports them for the 30 days after posting."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
