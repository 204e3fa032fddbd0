"""Forms of the needs register, consultations, and the needs a program answers."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from program_planner.community.models import (
    AgreementKind,
    ConsultationType,
    EvidenceKind,
    NeedPriority,
    NeedStatus,
)
from program_planner.fields import CountField, MultiCheckboxField, VersionField
from program_planner.planning.forms import LocalDateField
from program_planner.programs.forms import ItemForm

PEOPLE_MAX = 100_000  # more people than this at one consultation is a typing mistake
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def optional_int(value):
    """Coerce a select's value to an id, or None for the blank choice."""
    return None if value in ("", None, "None") else int(value)


class NeedForm(FlaskForm):
    """A need of the register: what, for whom, where, why we believe it, and where it stands."""

    version = VersionField()
    statement = StringField(
        _l("Need"),
        validators=[DataRequired(_l("Say what the community needs.")), Length(max=300)],
        description=_l("One sentence, e.g. “Newcomers want to practise everyday English”."),
    )
    details = TextAreaField(
        _l("Details"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}
    )
    target_group_ids = MultiCheckboxField(_l("Target groups"), coerce=int)
    branch_id = SelectField(
        _l("Where"),
        coerce=optional_int,
        invalid_choice_message=_l("Choose a branch from the list, or the whole system."),
    )
    goal_ids = MultiCheckboxField(_l("Strategic goals it serves"), coerce=int)
    owner_id = SelectField(
        _l("Owner"),
        coerce=optional_int,
        invalid_choice_message=_l("Choose a staff member from the list."),
    )
    priority = SelectField(_l("Priority"), choices=NeedPriority.choices)
    status = SelectField(_l("Status"), choices=NeedStatus.choices)
    status_reason = TextAreaField(
        _l("Reason for the status"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required when a need is set aside; say why."),
        render_kw={"rows": 2},
    )
    evidence_kind = SelectField(
        _l("Add evidence: kind"),
        choices=[("", _l("— no new evidence —")), *EvidenceKind.choices()],
    )
    evidence_source = StringField(
        _l("Source"),
        validators=[Optional(), Length(max=300)],
        description=_l("e.g. Census 2021, Statistics Canada; the Eastside focus group."),
    )
    evidence_year = CountField(
        _l("Year"),
        validators=[Optional()],
        minimum=EARLIEST_YEAR,
        maximum=2100,
        message=_l("Enter a year such as 2025."),
    )
    evidence_summary = TextAreaField(
        _l("What it shows"), validators=[Optional(), Length(max=1000)], render_kw={"rows": 2}
    )
    submit = SubmitField(_l("Save"))

    def validate_status(self, field):
        if field.data == NeedStatus.SET_ASIDE and not (self.status_reason.data or "").strip():
            raise ValidationError(_l("Say why the need is set aside."))

    def validate_evidence_year(self, field):
        if field.data is not None and field.data > date.today().year:
            raise ValidationError(_l("Evidence cannot come from a year still to come."))

    def validate_evidence_kind(self, field):
        kind = field.data
        typed = (self.evidence_summary.data or "").strip() or (
            self.evidence_source.data or ""
        ).strip()
        if kind and not typed:
            raise ValidationError(_l("Say what the evidence shows, or where it comes from."))
        if not kind and (typed or self.evidence_year.data):
            raise ValidationError(_l("Choose the kind of evidence."))
        if kind == EvidenceKind.CENSUS and not (
            (self.evidence_source.data or "").strip() and self.evidence_year.data
        ):
            raise ValidationError(_l("Census or local data needs its source and year."))


class ActionForm(Form):
    """A follow-up action promised after a consultation."""

    action = StringField(_l("Follow-up action"), validators=[Optional(), Length(max=300)])
    owner_id = SelectField(
        _l("Who"), coerce=optional_int, invalid_choice_message=_l("Choose a staff member.")
    )
    due_on = LocalDateField(_l("Due"), validators=[Optional()])


class ConsultationForm(FlaskForm):
    """A consultation: what kind, when, where, how many people of which groups, what we heard."""

    version = VersionField()
    kind = SelectField(_l("Type"), choices=ConsultationType.choices)
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the consultation a title.")), Length(max=200)],
        description=_l("e.g. “Eastside neighbourhood meeting”."),
    )
    held_on = LocalDateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    branch_id = SelectField(
        _l("Branch"), coerce=optional_int, invalid_choice_message=_l("Choose a branch.")
    )
    venue_id = SelectField(
        _l("Venue"), coerce=optional_int, invalid_choice_message=_l("Choose a venue.")
    )
    place = StringField(
        _l("Other place"),
        validators=[Optional(), Length(max=200)],
        description=_l("When it was not at one of our venues, e.g. the farmers' market."),
    )
    people_total = CountField(
        _l("People reached"),
        validators=[DataRequired(_l("Enter how many people took part."))],
        minimum=1,
        maximum=PEOPLE_MAX,
        description=_l("Counts only: never the names of members of the public."),
    )
    library_users = CountField(
        _l("Of whom library users"), validators=[Optional()], maximum=PEOPLE_MAX
    )
    non_users = CountField(
        _l("Of whom not (yet) library users"), validators=[Optional()], maximum=PEOPLE_MAX
    )
    organisation_ids = MultiCheckboxField(_l("Partner organisations involved"), coerce=int)
    need_ids = MultiCheckboxField(_l("Needs raised or confirmed"), coerce=int)
    heard = TextAreaField(
        _l("What we heard"), validators=[Optional(), Length(max=10000)], render_kw={"rows": 5}
    )
    actions = FieldList(FormField(ActionForm), min_entries=2, max_entries=10)
    submit = SubmitField(_l("Save"))

    def validate_held_on(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_l("A consultation cannot be logged before it happens."))
        if field.data and field.data.year < 2000:
            raise ValidationError(_l("Enter a date from 2000 on."))

    def validate_non_users(self, field):
        total = self.people_total.data
        users, non = self.library_users.data or 0, field.data or 0
        if total is not None and users + non > total:
            raise ValidationError(
                _l("Library users and non-users together cannot exceed the people reached.")
            )

    def reach_fields(self):
        """Yield (target_group_id, field) for the count of each target group."""
        for field in self:
            if field.name.startswith("reach_"):
                yield int(field.name.removeprefix("reach_")), field


def consultation_form_class(groups):
    """Return ConsultationForm with a count field for each target group (id, name)."""

    def within_total(form, field):
        total = form.people_total.data
        if field.data is not None and total is not None and field.data > total:
            raise ValidationError(_l("Cannot be more than the people reached."))

    extra = {
        f"reach_{group_id}": CountField(
            name, validators=[Optional(), within_total], maximum=PEOPLE_MAX
        )
        for group_id, name in groups
    }
    return type("ConsultationForm", (ConsultationForm,), extra)


class ProgramNeedForm(ItemForm):
    """A need from the register that the program answers."""

    need_id = SelectField(
        _l("Need from the register"),
        coerce=optional_int,
        validators=[DataRequired(_l("Choose a need from the register."))],
        invalid_choice_message=_l("Choose a need from the list."),
    )
    how = TextAreaField(
        _l("How the program answers it"),
        validators=[Optional(), Length(max=500)],
        render_kw={"rows": 2},
    )


class FilterForm(Form):
    """Filters of the register (read from the query string)."""

    status = SelectField(_l("Status"), choices=[("", _l("Any status")), *NeedStatus.choices()])
    branch = SelectField(_l("Branch"), coerce=optional_int)


class AgreementForm(FlaskForm):
    """An agreement with a partner: its kind, title, dates (the end may stay open) and a note."""

    version = VersionField()
    kind = SelectField(_l("Kind of agreement"), choices=AgreementKind.choices)
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the agreement a title.")), Length(max=200)],
        description=_l("e.g. “Conversation circles at the settlement agency, 2026–2027”."),
    )
    starts_on = LocalDateField(
        _l("Start date"), validators=[InputRequired(_l("Enter the date it starts."))]
    )
    ends_on = LocalDateField(
        _l("End date"),
        validators=[Optional()],
        description=_l("Leave empty for an open-ended agreement."),
    )
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=2000)],
        description=_l("e.g. where the signed copy is kept, who signed it, what to renew."),
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Save"))

    def validate_starts_on(self, field):
        if field.data and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
            raise ValidationError(_l("Enter a date between 1900 and 2100."))

    def validate_ends_on(self, field):
        if field.data and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
            raise ValidationError(_l("Enter a date between 1900 and 2100."))
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(
                _l(
                    "The end date is before the start date. Correct one of them, or leave the "
                    "end date empty for an open-ended agreement."
                )
            )
