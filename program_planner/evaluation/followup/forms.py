"""Forms of the follow-up survey: the program's settings, and the attendee's unsubscribe."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from program_planner.evaluation.followup.models import REMINDER_DAYS_RANGE, WEEKS_RANGE
from program_planner.fields import CountField, MultiCheckboxField, VersionField


class FollowUpSettingsForm(FlaskForm):
    """On or off, when, one reminder, and the program's own follow-up questions."""

    enabled = BooleanField(_l("Send the follow-up survey automatically"))
    weeks_after = CountField(
        _l("Weeks after the last session"),
        minimum=WEEKS_RANGE[0],
        maximum=WEEKS_RANGE[1],
        description=_l("From 4 to 8 weeks; 6 unless you choose otherwise."),
    )
    reminder_days = CountField(
        _l("Days before the one reminder"),
        minimum=REMINDER_DAYS_RANGE[0],
        maximum=REMINDER_DAYS_RANGE[1],
        description=_l(
            "One reminder goes to those who have not answered; the survey closes the same "
            "number of days after the reminder, and the addresses are then deleted."
        ),
    )
    questions = MultiCheckboxField(_l("Also ask these questions"), coerce=int, choices=[])
    version = VersionField()


class UnsubscribeForm(FlaskForm):
    """Confirm withdrawing from the follow-up survey (the link itself is the credential)."""
