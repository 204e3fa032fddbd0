"""Forms of frontline work: a session's headcount, and paper forms keyed in one key per answer.

A paper form's answers are typed as short keys (agreement 1–5 or 0/n for not applicable, rating
1–5, yes/no 1/y or 0/n, the number of a choice, several numbers for a multiple choice, a number,
a text); each field turns its key into the value the public form would have posted, so that
engine.answers_for() stores both the same way.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from program_planner.evaluation import engine
from program_planner.evaluation.kinds import kind_of
from program_planner.evaluation.kinds.base import plain_number  # noqa: F401  (frontline uses it)
from program_planner.fields import CountField, VersionField
from program_planner.programs.models import DeliveryMode

OBSERVATIONS_MAX = 10_000
PAPER_LANGUAGES = [("en", "English"), ("fr", "Français")]


class OccurrenceReportForm(FlaskForm):
    """What staff recorded at one session: how many came, how many for the first time, and what
    they saw."""

    headcount = CountField(
        _l("Headcount"),
        validators=[InputRequired(_l("Enter how many people attended, e.g. 18."))],
        description=_l("Everyone who attended the session, counted during it."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "autofocus": True},
    )
    first_time_count = CountField(
        _l("First-time attendees"),
        validators=[Optional()],
        description=_l("Of those, people at a library program for the first time (0 if none)."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    online_headcount = CountField(
        _l("Online"),
        validators=[Optional()],
        description=_l("People who joined the session live online (0 if none)."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    paper_forms_collected = CountField(
        _l("Paper forms collected"),
        validators=[Optional()],
        description=_l(
            "How many paper evaluation forms were handed in; the home page lists the session "
            "until that many are keyed in."
        ),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    observations = TextAreaField(
        _l("Observations"),
        validators=[Optional(), Length(max=OBSERVATIONS_MAX)],
        filters=[engine.strip_control_characters],
        description=_l(
            "What you saw: engagement, questions people asked, problems with the room or the "
            "equipment, anything the next session should do differently."
        ),
        render_kw={"rows": 6},
    )
    version = VersionField()
    submit = SubmitField(_l("Save the session report"))

    def __init__(self, *args, hybrid=False, obj=None, **kwargs):
        """hybrid: count the room and the people online apart (the report keeps their sum)."""
        super().__init__(*args, obj=obj, **kwargs)
        self.hybrid = hybrid
        if not hybrid:
            del self.online_headcount
            return
        self.headcount.label.text = _l("In the room")
        self.headcount.description = _l("People in the room, counted during the session.")
        if obj is not None and not self.is_submitted():
            self.headcount.data = max(obj.headcount - (obj.online_headcount or 0), 0)

    @classmethod
    def for_session(cls, occurrence, report, **kwargs):
        """Return the form of the session's report; a hybrid program's asks for the room and
        online apart."""
        hybrid = occurrence.program.delivery_mode == DeliveryMode.HYBRID
        return cls(obj=report, hybrid=hybrid, **kwargs)

    def online(self) -> int:
        """Return how many joined online (0 for a session that is not hybrid)."""
        return (self.online_headcount.data or 0) if self.hybrid else 0

    def total_headcount(self):
        """Return everyone who attended: in the room and online."""
        if self.headcount.data is None:
            return None
        return self.headcount.data + self.online()

    def validate_first_time_count(self, field):
        headcount = self.total_headcount()
        if field.data is not None and headcount is not None and field.data > headcount:
            raise ValidationError(
                _l(
                    "First-time attendees (%(first)s) cannot be more than the headcount "
                    "(%(headcount)s).",
                    first=field.data,
                    headcount=headcount,
                )
            )


# --- Paper forms ------------------------------------------------------------------------------


def choice_labels(question, language: str) -> list[str]:
    """Return a choice question's option labels, in screen order (option 1 first)."""
    return [c.get(language) or c.get("en") or c["value"] for c in question.choices]


def value_from_key(question, raw: str | None):
    """Return the engine value of a typed key (None when blank); ValueError with a message."""
    text = engine.strip_control_characters(raw)
    if not text:
        return None
    kind = kind_of(question)
    return kind.value_from_key(text if kind.keys_keep_case else text.lower(), question)


def key_from_answers(question, answers) -> str:
    """Return the key that stands for a question's stored answers (the inverse of the above)."""
    if not answers:
        return ""
    return kind_of(question).key_from_answers(question, answers)


class PaperKeyField(StringField):
    """One answer of a paper form, typed as a key; .value holds what the engine stores."""

    def __init__(self, label=None, question=None, **kwargs):
        super().__init__(label, **kwargs)
        self.question = question
        self.value = None

    def pre_validate(self, form):
        try:
            self.value = value_from_key(self.question, self.data)
        except ValueError as error:
            self.value = None
            raise ValidationError(str(error)) from None


class PaperFormBase(FlaskForm):
    """Fields every keyed-in paper form has besides its questions."""

    submission_key = HiddenField()
    form_language = SelectField(
        _l("Language of the paper form"), choices=PAPER_LANGUAGES, default="en"
    )
    submit = SubmitField(_l("Save and key in the next form"))

    def validate_submission_key(self, field):
        if field.data and (len(field.data) > 64 or not re.fullmatch(r"[\w-]+", field.data)):
            field.data = ""

    def answered(self) -> bool:
        """Whether at least one question was answered."""
        return any(getattr(self, name).value not in (None, "", []) for _pq, name in self.keyed)


class PaperCorrectionBase(PaperFormBase):
    """A keyed-in paper form being corrected: it carries the version of the answers seen."""

    version = VersionField()


def make_paper_form(questions, base=PaperFormBase):
    """Return a form class keying in these questions (fields named q<question id>)."""
    fields = {}
    for pq in questions:
        question = pq.question
        kw = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "off"}
        kw.update(kind_of(question).key_input)
        fields[engine.field_name(question)] = PaperKeyField(
            question.text_en, question=question, validators=[Optional()], render_kw=kw
        )
    form_class = type("PaperForm", (base,), fields)
    form_class.keyed = [(pq, engine.field_name(pq.question)) for pq in questions]
    return form_class


def answers_from_paper_form(form) -> list:
    """Return the answer rows (unsaved) of a validated paper form."""
    answers = []
    for pq, name in form.keyed:
        answers.extend(engine.answers_for(pq.question, getattr(form, name).value))
    return answers
