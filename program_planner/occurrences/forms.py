"""Forms of a program's sessions and of the calendar."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField, URLField
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
