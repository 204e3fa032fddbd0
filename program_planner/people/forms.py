"""Forms of a program's partners and presenters."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from program_planner.fields import MoneyField
from program_planner.people.models import PartnerRole
from program_planner.programs.forms import ItemForm


def optional_int(value):
    """Coerce a select's value to an id, or None for the blank choice."""
    return None if value in ("", None) else int(value)


class PartnerForm(ItemForm):
    """A community organisation and what it does for the program."""

    organisation_id = SelectField(
        _l("Organisation"),
        coerce=optional_int,
        description=_l("An organisation from the directory …"),
        invalid_choice_message=_l("Choose an organisation from the list."),
    )
    new_organisation = StringField(
        _l("… or a new organisation"),
        validators=[Optional(), Length(max=200)],
        description=_l("Type its name if it is not in the list; it is added to the directory."),
    )
    role = SelectField(_l("Role"), choices=PartnerRole.choices, validators=[DataRequired()])
    contribution = TextAreaField(
        _l("Contribution"),
        validators=[Optional(), Length(max=500)],
        description=_l("What they bring: the room, referrals, a facilitator, $500 ..."),
        render_kw={"rows": 2},
    )


class PresenterForm(ItemForm):
    """A person who presents, with topic, fee and contact details."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the presenter's name.")), Length(max=120)]
    )
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    topic = StringField(
        _l("Topic"),
        validators=[Optional(), Length(max=300)],
        description=_l("What they present, e.g. “Writing a résumé that gets read”."),
    )
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Length(max=254), Email(_l("Enter a valid email address."))],
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    fee = MoneyField(
        _l("Fee"),
        validators=[Optional()],
        description=_l(
            "Leave empty or 0 for a volunteer presenter. The fee goes into the budget as a "
            "presenter fee line, kept in step when you change it here."
        ),
    )
