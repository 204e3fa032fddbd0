"""Forms of the import: the file, and how its columns map to the program's questions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import ValidationError

from program_planner.evaluation.imports import matching
from program_planner.evaluation.imports.reading import column_letter
from program_planner.evaluation.kinds import kind_of

MAX_SAMPLES = 3


class ImportUploadForm(FlaskForm):
    """The file of responses to import."""

    file = FileField(
        _l("File of responses"),
        validators=[FileRequired(_l("Choose the file to import."))],
        description=_l(
            "A CSV file (any delimiter, UTF-8 or Windows encoding) or an Excel .xlsx workbook "
            "(its first sheet), with the column names in the first row."
        ),
        render_kw={"accept": ".csv,.xlsx,text/csv"},
    )
    submit = SubmitField(_l("Upload and map the columns"))


class CsrfOnlyForm(FlaskForm):
    """Nothing but the CSRF token, for buttons."""


class _MappingFormBase(FlaskForm):
    previewed = HiddenField()  # the mapping the preview shown was made with
    preview = SubmitField(_l("Show the preview"))
    confirm = SubmitField(_l("Import the responses"))

    def column_fields(self):
        """Return (column index, field, samples) for each column of the file."""
        return [(i, self[f"col{i}"], self.samples[i]) for i in range(len(self.samples))]

    def mapping(self) -> list[str]:
        """Return the choice made for each column, in column order."""
        return [self[f"col{i}"].data or matching.IGNORE for i in range(len(self.samples))]

    def fingerprint(self) -> str:
        """Return a short digest of the mapping, to tell whether the preview still applies."""
        return matching.mapping_fingerprint(self.mapping())

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        used = {}
        for index, field, _samples in self.column_fields():
            if field.data == matching.IGNORE:
                continue
            if field.data in used and (
                field.data in matching.SPECIALS or field.data not in self.several
            ):
                field.errors.append(
                    _l(
                        "Column %(other)s is already mapped to this; map each question once.",
                        other=column_letter(used[field.data]),
                    )
                )
            used.setdefault(field.data, index)
        if not set(used) - set(matching.SPECIALS):
            self.form_errors.append(_l("Map at least one column to one of the form's questions."))
        return not self.errors


def _known_choice(form, field):
    if field.data not in {value for value, _label in field.choices}:
        raise ValidationError(_l("Choose one of this program's questions, or ignore the column."))


def make_mapping_form(header, rows, questions, language, chosen=None, sessions=True):
    """Return a mapping form: one select per column, pre-selected as chosen (a mapping made
    earlier), else by the headers' likeness; sessions=False: no "session date" column (responses
    that belong to no session)."""
    choices = [
        (matching.IGNORE, str(_l("— ignore this column —"))),
        (matching.SESSION_DATE, str(_l("Session date (attach to the session on that day)"))),
        (
            matching.SENT_AT,
            str(_l("Time the response was sent (attach to the session just before it)")),
        ),
        (matching.LANGUAGE, str(_l("Language of the response"))),
    ]
    for question in questions:
        choices.append((str(question.id), f"{question.text(language)} ({question.qtype.label})"))
    guesses = chosen or matching.guess_mapping(header, questions)
    if not sessions:
        choices = [c for c in choices if c[0] != matching.SESSION_DATE]
        choices[1] = (matching.SENT_AT, str(_l("Time the response was sent")))
        guesses = [matching.IGNORE if g == matching.SESSION_DATE else g for g in guesses]
    samples, fields = [], {}
    for index, name in enumerate(header):
        values = []
        for row in rows:
            cell = row[index].strip() if index < len(row) else ""
            if cell and cell not in values:
                values.append(cell[:60])
            if len(values) == MAX_SAMPLES:
                break
        samples.append(values)
        fields[f"col{index}"] = SelectField(
            # a plain string: a lazy one would reach the page unescaped (it has __html__)
            str(_l("Column %(letter)s: %(name)s", letter=column_letter(index), name=name[:120])),
            choices=choices,
            default=guesses[index],
            validate_choice=False,
            validators=[_known_choice],
        )
    form_class = type("ImportMappingForm", (_MappingFormBase,), fields)
    form_class.samples = samples
    # a question of several options may take one column per option ("Topics [Budgeting]")
    form_class.several = {str(q.id) for q in questions if kind_of(q).several}
    return form_class()
