"""Forms of the public part: links, the follow-up opt-in and its withdrawal."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from program_planner.evaluation.models import ResponseKind


class LinkForm(FlaskForm):
    """Create a public link: the program's, a session's, or the follow-up one."""

    kind = SelectField(
        _l("Kind"),
        choices=ResponseKind.choices(),
        default=ResponseKind.IMMEDIATE.value,
        validators=[Optional()],
    )
    occurrence_id = SelectField(_l("Session"), choices=[], validators=[Optional()])

    def chosen_kind(self) -> ResponseKind:
        """Return the kind asked for (immediate when none)."""
        return ResponseKind(self.kind.data or ResponseKind.IMMEDIATE.value)

    def chosen_occurrence(self) -> int | None:
        """Return the session asked for, or None for the whole program."""
        return int(self.occurrence_id.data) if self.occurrence_id.data else None


class FollowUpForm(FlaskForm):
    """An attendee's opt-in email for the follow-up survey, with consent."""

    email = EmailField(
        _l("Your email address"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("This address is too long.")),
            Email(_l("Enter a valid email address, e.g. name@example.com.")),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    consent = BooleanField(
        _l("I agree to be contacted once, by email, for this follow-up survey."),
        validators=[InputRequired(_l("Tick the box to agree, or leave this page."))],
    )


class WithdrawForm(FlaskForm):
    """Confirm removing one's address from the follow-up list."""
