"""Forms of debriefs: issuing a presenter's link, and the debrief itself (presenter or staff)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from program_planner.evaluation.debriefs.service import DEFAULT_DAYS, MAX_DAYS
from program_planner.evaluation.engine import FREE_TEXT_MAX, strip_control_characters
from program_planner.evaluation.models import Achievement
from program_planner.fields import CountField, VersionField


class IssueLinkForm(FlaskForm):
    """Choose the presenter (or type a name) and how long the link works."""

    presenter_id = SelectField(_l("Presenter"), validators=[Optional()], choices=[])
    name = StringField(
        _l("Or the person's name"),
        validators=[Optional(), Length(max=120)],
        filters=[strip_control_characters],
        description=_l("For someone not listed among the program's presenters."),
    )
    days = CountField(
        _l("Link works for (days)"),
        validators=[InputRequired(_l("Enter a number of days."))],
        minimum=1,
        maximum=MAX_DAYS,
        default=DEFAULT_DAYS,
        description=_l("At most %(max)s days.", max=MAX_DAYS),
    )
    email = StringField(
        _l("Email the link to"),
        validators=[Optional(), Length(max=254)],
        filters=[strip_control_characters],
        description=_l(
            "Leave empty to use the presenter's address on file. Without any address, copy "
            "the link and send it yourself."
        ),
        render_kw={"autocomplete": "off", "inputmode": "email"},
    )
    language = SelectField(_l("Language of the email"), choices=[])
    submit = SubmitField(_l("Create the private link"))

    def set_presenters(self, presenters):
        """Offer the program's presenters."""
        self.presenter_id.choices = [("", _l("— none: type a name below —"))] + [
            (str(p.id), p.name + (f" ({p.organisation})" if p.organisation else ""))
            for p in presenters
        ]


class SendLinkForm(FlaskForm):
    """Mail a waiting link again (under a fresh token), to the address shown or another."""

    email = StringField(
        _l("Email address"),
        validators=[InputRequired(_l("Enter the address to send the link to.")), Length(max=254)],
        filters=[strip_control_characters],
        render_kw={"autocomplete": "off", "inputmode": "email"},
    )
    language = SelectField(_l("Language of the email"), choices=[])
    submit = SubmitField(_l("Send the link again"))


def offer_languages(form, languages: dict, current: str) -> None:
    """Offer the library's languages for the email, the current one first chosen."""
    form.language.choices = list(languages.items())
    if not form.language.data or form.language.data not in languages:
        form.language.data = current


ACHIEVEMENT_CHOICES = [(a.value, a.label) for a in Achievement]
RETURN_CHOICES = [("yes", _l("Yes")), ("maybe", _l("Maybe")), ("no", _l("No"))]


def _text(label, description=None):
    return TextAreaField(
        label,
        validators=[Optional(), Length(max=FREE_TEXT_MAX)],
        filters=[strip_control_characters],
        description=description,
        render_kw={"rows": 4},
    )


class DebriefFormBase(FlaskForm):
    """The questions every debrief asks, whoever writes it."""

    what_worked = _text(_l("What worked well?"))
    what_to_change = _text(_l("What would you change next time?"))
    problems = _text(
        _l("Technical or venue problems"),
        _l("Equipment, room, Wi-Fi, accessibility, timing — anything that got in the way."),
    )

    objective_fields: list = []
    text_fields = ("what_worked", "what_to_change", "problems")

    def validate(self, extra_validators=None):
        """Refuse a debrief with nothing in it."""
        if not super().validate(extra_validators):
            return False
        if not self.objective_fields and not any(
            getattr(self, name).data for name in self.text_fields
        ):
            self.form_errors.append(_l("Write at least one answer before sending."))
            return False
        return True

    def answers(self) -> dict:
        """Return {objective_id: (achieved, why)}."""
        return {
            objective.id: (getattr(self, achieved).data, getattr(self, why).data or "")
            for objective, achieved, why in self.objective_fields
        }

    def texts(self) -> dict:
        """Return the free answers by name."""
        return {name: getattr(self, name).data or "" for name in self.text_fields}

    def load(self, debrief) -> None:
        """Fill a blank form from a saved debrief."""
        by_objective = {row.objective_id: row for row in debrief.objectives}
        for objective, achieved, why in self.objective_fields:
            row = by_objective.get(objective.id)
            if row is not None:
                getattr(self, achieved).data = row.achieved.value
                getattr(self, why).data = row.why
        for name in self.text_fields:
            getattr(self, name).data = getattr(debrief, name)


class PresenterDebriefBase(DebriefFormBase):
    """A presenter's debrief."""

    would_return = RadioField(
        _l("Would you come back to present again?"),
        choices=RETURN_CHOICES,
        validators=[Optional()],
    )
    submit = SubmitField(_l("Send my debrief"))
    text_fields = ("what_worked", "what_to_change", "problems", "would_return")


class StaffDebriefBase(DebriefFormBase):
    """A staff member's debrief, with lessons learned, and the version of it seen (0: none)."""

    lessons_learned = _text(
        _l("Lessons learned"), _l("What should the next program of this kind do differently?")
    )
    version = VersionField()
    submit = SubmitField(_l("Save my debrief"))
    text_fields = ("what_worked", "what_to_change", "problems", "lessons_learned")


def make_debrief_form(objectives, staff=False):
    """Return a debrief form class asking, per objective, whether it happened and why."""
    fields, objective_fields = {}, []
    for objective in objectives:
        achieved, why = f"o{objective.id}_achieved", f"o{objective.id}_why"
        fields[achieved] = RadioField(
            _l("Did this happen, in your view?"),
            choices=ACHIEVEMENT_CHOICES,
            validators=[InputRequired(_l("Choose an answer — “Can't say” is fine."))],
        )
        fields[why] = _text(_l("Why? What makes you say so?"))
        objective_fields.append((objective, achieved, why))
    base = StaffDebriefBase if staff else PresenterDebriefBase
    form_class = type("DebriefForm", (base,), fields)
    form_class.objective_fields = objective_fields
    return form_class
