"""Forms of the venues catalogue."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from program_planner.auth.models import Branch
from program_planner.extensions import db
from program_planner.fields import CountField, MultiCheckboxField, VersionField
from program_planner.venues.models import Accessibility, VenueKind


def optional_int(value):
    """Coerce a select's value to an id, or None for the blank choice."""
    return None if value in ("", None) else int(value)


class VenueForm(FlaskForm):
    """A branch room or a community venue."""

    version = VersionField()
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Name the venue.")), Length(max=200)],
        description=_l("e.g. “Riverside Room” or “Eastview Community Centre, gym”."),
    )
    kind = SelectField(_l("Kind"), choices=VenueKind.choices, validators=[DataRequired()])
    branch_id = SelectField(
        _l("Branch"),
        coerce=optional_int,
        description=_l(
            "For a branch room: the branch it is in. Leave empty for a community venue."
        ),
        invalid_choice_message=_l("Choose a branch from the list."),
    )
    address = StringField(
        _l("Address"),
        validators=[Length(max=300)],
        description=_l("Required for a community venue; for a branch room, e.g. the floor."),
    )
    capacity = CountField(
        _l("Capacity"),
        validators=[
            InputRequired(_l("Enter how many people the venue holds.")),
            NumberRange(min=1, message=_l("A venue holds at least 1 person.")),
        ],
        description=_l("The most people allowed in the room (fire code or seating)."),
    )
    accessibility = MultiCheckboxField(
        _l("Accessibility"), choices=Accessibility.choices, validators=[Optional()]
    )
    notes = TextAreaField(
        _l("Notes"),
        validators=[Optional(), Length(max=500)],
        description=_l("Booking contact, keys, equipment in the room ..."),
        render_kw={"rows": 2},
    )
    active = BooleanField(_l("In use (offered when planning sessions)"), default=True)
    submit = SubmitField(_l("Save"))

    def validate_branch_id(self, field):
        """Say at once when the branch does not fit the kind (the service checks it too)."""
        if self.kind.data == VenueKind.BRANCH_ROOM and not field.data:
            raise ValidationError(_l("Choose the branch this room is in."))
        if self.kind.data == VenueKind.COMMUNITY and field.data:
            raise ValidationError(
                _l(
                    "A community venue is not in one of our branches: leave Branch empty, "
                    "or choose “Branch room” as the kind."
                )
            )

    def validate_address(self, field):
        """A community venue needs an address people can find."""
        if self.kind.data == VenueKind.COMMUNITY and not (field.data or "").strip():
            raise ValidationError(
                _l("Enter the address of the community venue, so people can find it.")
            )

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        branches = db.session.scalars(
            sa.select(Branch)
            .where(sa.or_(Branch.active.is_(True), Branch.id == getattr(obj, "branch_id", None)))
            .order_by(Branch.name)
        ).all()
        self.branch_id.choices = [("", _l("None (community venue)"))] + [
            (b.id, b.name) for b in branches
        ]
