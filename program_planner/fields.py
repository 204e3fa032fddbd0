"""Form fields shared by every area: money, counts, checkboxes, local times, edit versions."""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, HiddenField, IntegerField, SelectMultipleField
from wtforms.fields import DateTimeLocalField
from wtforms.validators import NumberRange, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget, TextInput


class _OneMessageWhenUnreadable:
    """Show only "enter a number …" for unreadable input, not also the range it must be in."""

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


class MoneyField(_OneMessageWhenUnreadable, DecimalField):
    """An amount in the library's currency; accepts "$1,200.50"; never negative."""

    widget = TextInput()  # a number input would refuse "$1,200.50" before we see it

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        validators = [
            *(validators or []),
            NumberRange(
                min=0, max=10_000_000, message=_l("Enter an amount between 0 and 10,000,000.")
            ),
        ]
        super().__init__(label, validators, places=2, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip().replace("$", "").replace(",", "").replace(" ", "")
        try:
            self.data = Decimal(text).quantize(Decimal("0.01"))
            if not self.data.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.data = None
            raise ValueError(_l("Enter an amount in dollars, e.g. 150 or 149.99.")) from None


class CountField(_OneMessageWhenUnreadable, IntegerField):
    """A whole number of people or things, 0 (or minimum) or more."""

    def __init__(
        self, label=None, validators=None, maximum=100_000, minimum=0, message=None, **kwargs
    ):
        validators = [
            *(validators or []),
            NumberRange(
                min=minimum,
                max=maximum,
                message=message
                or _l("Enter a whole number from %(min)s to %(max)s.", min=minimum, max=maximum),
            ),
        ]
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip().replace(",", ""))
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a whole number, e.g. 25.")) from None


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a group of checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed in the library's time zone, handed over as aware UTC."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%dT%H:%M", **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a date and time, e.g. 2026-03-14 18:30.")) from None

    @staticmethod
    def zone() -> ZoneInfo:
        return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    @property
    def utc(self) -> datetime | None:
        """Return the typed time as an aware UTC datetime."""
        if self.data is None:
            return None
        return self.data.replace(tzinfo=self.zone()).astimezone(ZoneInfo("UTC"))

    def set_utc(self, value: datetime | None) -> None:
        """Show a stored UTC time in the library's local time."""
        self.data = value.astimezone(self.zone()).replace(tzinfo=None) if value else None


class VersionField(HiddenField):
    """The version of the record the person started editing, to detect edit conflicts."""

    def process_formdata(self, valuelist):
        try:
            self.data = int(valuelist[0]) if valuelist and valuelist[0] else None
        except ValueError:
            self.data = None
