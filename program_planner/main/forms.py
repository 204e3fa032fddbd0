"""The language switch."""

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import HiddenField, ValidationError
from wtforms.validators import DataRequired


class LanguageForm(FlaskForm):
    """Choose the interface language; next is the page to return to."""

    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()

    def validate_lang(self, field):
        """Accept only a language the app offers."""
        if field.data not in current_app.config["LANGUAGES"]:
            raise ValidationError("unknown language")
