"""The form that picks the comments a program's impact report quotes."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from program_planner.fields import MultiCheckboxField, VersionField


class PickCommentsForm(FlaskForm):
    """A tick per comment; version is the fingerprint of the picks the page showed."""

    answers = MultiCheckboxField(_l("Comments to quote"), coerce=int, validate_choice=False)
    version = VersionField()
    submit = SubmitField(_l("Save the comments to quote"))
