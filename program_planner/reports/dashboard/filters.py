"""The dashboard's filters, read from the query string: the form, the Filters they make, the
query arguments a link carries them with, and the filters in words (for the impact report)."""

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from program_planner.fields import stripped_choice
from program_planner.i18n import format_day
from program_planner.programs.models import ProgramType
from program_planner.reports.dashboard.portfolio import Filters, filter_choices

NAMES = ("date_from", "date_to", "fiscal_year", "branch", "program_type", "target_group")


def _not_before_start(form, field):
    if field.data and form.date_from.data and field.data < form.date_from.data:
        raise ValidationError(_l("The end of the period is before its start."))


class DashboardFilterForm(FlaskForm):
    """The dashboard's filters, read from the query string."""

    class Meta:
        csrf = False

    date_from = DateField(_l("Sessions from"), validators=[Optional()])
    date_to = DateField(_l("Sessions until"), validators=[Optional(), _not_before_start])
    fiscal_year = SelectField(_l("Fiscal year"), validators=[Optional()], filters=[stripped_choice])
    branch = SelectField(_l("Branch"), validators=[Optional()], filters=[stripped_choice])
    program_type = SelectField(
        _l("Program type"),
        validators=[Optional()],
        choices=lambda: [("", _l("Any type"))] + ProgramType.choices(),
    )
    target_group = SelectField(_l("Target group"), validators=[Optional()])


def filter_form():
    """Return the dashboard's filters read from the query string, their choices filled in."""
    form = DashboardFilterForm(request.args)
    branches, groups, years = filter_choices()
    form.fiscal_year.choices = [("", _("Any fiscal year"))] + [(str(y), str(y)) for y in years]
    form.branch.choices = [("", _("Any branch"))] + [(str(i), name) for i, name in branches]
    form.target_group.choices = [("", _("Any target group"))] + [
        (str(i), name) for i, name in groups
    ]
    form.validate()
    return form


def _accepted(field):
    """Return a filter's value when given and valid, else None (a refused filter is ignored)."""
    return field.data if field.data and not field.errors else None


def _as_int(value):
    return int(value) if value is not None else None


def filters_from(form) -> Filters:
    """Return the Filters of the form's accepted values."""
    return Filters(
        date_from=_accepted(form.date_from),
        date_to=_accepted(form.date_to),
        fiscal_year=_as_int(_accepted(form.fiscal_year)),
        branch_id=_as_int(_accepted(form.branch)),
        program_type=_accepted(form.program_type),
        target_group_id=_as_int(_accepted(form.target_group)),
    )


def query_args(form) -> dict:
    """Return the accepted filters as query arguments (for a link that keeps them)."""
    args = {}
    for name in NAMES:
        value = _accepted(form[name])
        if value is not None:
            args[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return args


def _choice_label(field, value) -> str:
    return next((str(label) for key, label in field.choices if str(key) == str(value)), value)


def in_words(form, fiscal_year=None) -> list[str]:
    """Return the filters in the reader's language: ["Fiscal year 2024", "Branch: Central", …];
    fiscal_year stands for the form's when given. Every filter is named, so a reader knows what
    the figures leave out; without any, that the figures cover everything."""
    words = []
    year = fiscal_year if fiscal_year is not None else _accepted(form.fiscal_year)
    if year is not None:
        words.append(_("Fiscal year %(year)s", year=year))
    for name in ("branch", "program_type", "target_group"):
        value = _accepted(form[name])
        if value is not None:
            label, chosen = form[name].label.text, _choice_label(form[name], value)
            words.append(_("%(label)s: %(value)s", label=label, value=chosen))
    start, end = _accepted(form.date_from), _accepted(form.date_to)
    if start and end:
        words.append(
            _(
                "Sessions from %(start)s to %(end)s",
                start=format_day(start, "long"),
                end=format_day(end, "long"),
            )
        )
    elif start:
        words.append(_("Sessions from %(start)s", start=format_day(start, "long")))
    elif end:
        words.append(_("Sessions until %(end)s", end=format_day(end, "long")))
    if len(words) == (year is not None):
        words.append(_("All branches, program types and target groups"))
    return words
