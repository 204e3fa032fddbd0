"""Forms of a program's sessions and of the calendar."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, SubmitField, TextAreaField, URLField
from wtforms.fields import DateField
from wtforms.validators import (
    URL,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from program_planner.fields import CountField, LocalDateTimeField
from program_planner.programs.forms import ItemForm

SERIES_MAX = 104  # two years of weekly sessions


def optional_int(value):
    """Coerce a select's value to an id, or None for the blank choice."""
    return None if value in ("", None) else int(value)


class OccurrenceForm(ItemForm):
    """One session: when, where, how many expected, room for how many."""

    starts_at = LocalDateTimeField(
        _l("Starts"), validators=[InputRequired(_l("Enter the date and time the session starts."))]
    )
    ends_at = LocalDateTimeField(
        _l("Ends"), validators=[InputRequired(_l("Enter the date and time the session ends."))]
    )
    venue_id = SelectField(
        _l("Venue"),
        coerce=optional_int,
        invalid_choice_message=_l("Choose a venue from the list."),
        description=_l("A venue holds one session at a time."),
    )
    online_link = URLField(
        _l("Online link"),
        validators=[
            Optional(),
            Length(max=500),
            Regexp(r"(?i)^https?://", message=_l("Enter a web address starting with https://")),
            URL(message=_l("Enter a web address, e.g. https://meet.example.org/abc")),
        ],
        description=_l("Where people join an online or hybrid session."),
    )
    expected_attendance = CountField(
        _l("Expected attendance"), validators=[Optional()], description=_l("How many people.")
    )
    capacity = CountField(
        _l("Capacity"),
        validators=[
            Optional(),
            NumberRange(min=1, message=_l("Enter at least 1, or leave empty.")),
        ],
        description=_l("Leave empty to use the venue's capacity."),
    )
    notes = TextAreaField(
        _l("Notes"), validators=[Optional(), Length(max=500)], render_kw={"rows": 2}
    )
    apply_to = RadioField(
        _l("Apply the changes to"),
        choices=[
            ("one", _l("This session only")),
            ("following", _l("This session and the following sessions of its series")),
        ],
        default="one",
        validators=[Optional()],
        description=_l(
            "For the following sessions, a change of date or time moves each of them by as much."
        ),
    )


class SeriesForm(OccurrenceForm):
    """Repeating sessions: the first one, how often, and how many or until when."""

    starts_at = LocalDateTimeField(
        _l("First session starts"),
        validators=[InputRequired(_l("Enter the date and time the first session starts."))],
    )
    ends_at = LocalDateTimeField(
        _l("First session ends"),
        validators=[InputRequired(_l("Enter the date and time the first session ends."))],
    )
    frequency = RadioField(
        _l("Repeat"),
        choices=[
            ("weekly", _l("Every week")),
            ("biweekly", _l("Every two weeks")),
            ("monthly_weekday", _l("Every month, on the same weekday (e.g. 2nd Tuesday)")),
            ("monthly_date", _l("Every month, on the same date (e.g. the 14th)")),
        ],
        default="weekly",
        validators=[InputRequired(_l("Choose how often the session repeats."))],
    )
    count = CountField(
        _l("Number of sessions"),
        validators=[Optional()],
        minimum=1,
        maximum=SERIES_MAX,
        message=_l(
            "Enter a number of sessions from 1 to %(max)s.",
            max=SERIES_MAX,
        ),
        description=_l("Including the first. Or give the date of the last one below."),
    )
    until = DateField(
        _l("Or repeat until"),
        validators=[Optional()],
        description=_l("The last date a session may fall on."),
    )
    submit = SubmitField(_l("Add the sessions"))

    def validate_count(self, field):
        if field.data is None and self.until.data is None and not self.until.errors:
            raise ValidationError(_l("Enter a number of sessions, or the date of the last one."))
        if field.data is not None and self.until.data is not None:
            raise ValidationError(_l("Enter a number of sessions or an end date, not both."))

    def validate_until(self, field):
        start = self.starts_at.data
        if field.data is not None and start is not None and field.data < start.date():
            raise ValidationError(_l("The end date is before the first session."))


def _not_before_start(form, field):
    start = getattr(form, "date_from", None)
    if start is not None and start.data and field.data and field.data < start.data:
        raise ValidationError(_l("The end date is before the start date."))


def date_from_field():
    """The program list's "sessions from" filter."""
    return DateField(_l("Sessions from"), validators=[Optional()])


def date_to_field():
    """The program list's "sessions until" filter."""
    return DateField(_l("Sessions until"), validators=[Optional(), _not_before_start])
