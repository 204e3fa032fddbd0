"""Form fields shared by every area: money, counts, numbers, checkboxes, local times, versions.

Every number field reads what was typed itself and refuses, with a message, what is not a finite
number in its range — NaN, Infinity, 1e999, a number of hundreds of digits — so nothing a
person types reaches the database as a value it cannot hold.
"""

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, HiddenField, IntegerField, SelectMultipleField
from wtforms.fields import DateTimeLocalField
from wtforms.validators import NumberRange, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from program_planner.web import parse_id

NUMBER_TEXT_MAX = 40  # longer than any number a person means (and than a Numeric column holds)
PLAIN_DECIMAL = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)")  # no exponent, NaN or Infinity


def stripped_choice(value):
    """Read a choice from a query string: spaces around it (or only spaces) are no choice."""
    return value.strip() if isinstance(value, str) else value


def plain_decimal(text: str) -> Decimal | None:
    """Return text as a Decimal when it is written out in digits (12, 12.5, .5), else None."""
    if len(text) > NUMBER_TEXT_MAX or not PLAIN_DECIMAL.fullmatch(text):
        return None
    return Decimal(text)


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
            self.data = plain_decimal(text)
            if self.data is None:
                raise InvalidOperation
            if abs(self.data) <= 10**12:  # past that, the range check speaks; no quantize overflow
                self.data = self.data.quantize(Decimal("0.01"), ROUND_HALF_UP)
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
        text = valuelist[0].strip().replace(",", "")
        try:
            if len(text) > NUMBER_TEXT_MAX or not text.isascii():
                raise ValueError
            self.data = int(text)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a whole number, e.g. 25.")) from None


class BoundedDecimalField(_OneMessageWhenUnreadable, DecimalField):
    """A decimal number from minimum to maximum, kept to places decimals (rounded)."""

    def __init__(self, label=None, validators=None, minimum=0, maximum=100_000, places=2, **kwargs):
        self.minimum, self.maximum = Decimal(minimum), Decimal(maximum)
        validators = [
            *(validators or []),
            NumberRange(
                min=self.minimum,
                max=self.maximum,
                message=_l("Enter a number from %(low)s to %(high)s.", low=minimum, high=maximum),
            ),
        ]
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, places=places, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        value = plain_decimal(valuelist[0].strip().replace(" ", ""))
        if value is None:
            self.data = None
            raise ValueError(_l("Enter a number."))
        if self.minimum <= value <= self.maximum:
            value = value.quantize(Decimal(1).scaleb(-self.places), ROUND_HALF_UP)
        self.data = value  # out of range: NumberRange says so; the typed text is shown again


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
        raw = valuelist[0].strip() if valuelist else ""
        # 0 means "did not exist"; a number no row holds reads as a stale version (a conflict)
        self.data = 0 if raw == "0" else parse_id(raw)
