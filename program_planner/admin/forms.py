"""Branch and staff-account forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from program_planner.auth.models import ROLE_LABELS, Role

USERNAME_PATTERN = r"^[A-Za-z0-9._-]+$"


class BranchForm(FlaskForm):
    """A library branch."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the branch's name.")), Length(max=120)]
    )
    code = StringField(
        _l("Short code"),
        validators=[
            DataRequired(_l("Enter a short code, e.g. CEN.")),
            Length(max=16),
            Regexp(r"^[A-Za-z0-9-]+$", message=_l("Use letters, digits and hyphens only.")),
        ],
        description=_l("A few letters used in lists and exports, e.g. CEN for Central."),
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    active = BooleanField(_l("Open (staff can be assigned here)"), default=True)
    submit = SubmitField(_l("Save branch"))


def _role_choices():
    return [(role.value, ROLE_LABELS[role]) for role in Role]


class UserEditForm(FlaskForm):
    """A staff member's name, contact, role and branch."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=120)]
    )
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Length(max=254), Email(_l("Enter a valid email address."))],
    )
    role = SelectField(_l("Role"), choices=_role_choices, validators=[DataRequired()])
    branch_id = SelectField(
        _l("Branch"), coerce=int, validators=[DataRequired(_l("Choose a branch."))]
    )
    submit = SubmitField(_l("Save"))


class UserCreateForm(UserEditForm):
    """A new staff account with its first password."""

    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(_l("Enter a username.")),
            Length(min=3, max=64),
            Regexp(
                USERNAME_PATTERN,
                message=_l("Use letters, digits, dots, hyphens and underscores only."),
            ),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("First password"),
        validators=[DataRequired(_l("Enter a first password.")), Length(max=1024)],
        description=_l("At least 12 characters. The person must change it at first sign-in."),
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Create account"))

    field_order = ("username", "full_name", "email", "role", "branch_id", "password")


class EraseForm(FlaskForm):
    """The administrator's confirmation that a staff member's details are to be erased."""

    confirm = BooleanField(
        _l("I understand: this person's name, username, email and password are removed for good."),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )
    submit = SubmitField(_l("Erase personal details"))
