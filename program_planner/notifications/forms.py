"""Forms of notices: one's email and language preferences."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired

from program_planner.notifications.models import EmailNotices


class PreferencesForm(FlaskForm):
    """How notices reach me by email, and the language of my mail."""

    email_notices = RadioField(
        _l("Email me my notices"),
        choices=EmailNotices.choices(),
        validators=[InputRequired(_l("Choose how notices reach you."))],
    )
    language = SelectField(
        _l("Language of my email"),
        choices=[],
        description=_l(
            "Notices in Program Planner itself follow the language you choose at the top."
        ),
    )
    submit = SubmitField(_l("Save my preferences"))

    def set_languages(self, languages: dict, default_name: str) -> None:
        """Offer the library's languages, and its default."""
        self.language.choices = [("", _l("The library's default (%(name)s)", name=default_name))]
        self.language.choices += list(languages.items())
