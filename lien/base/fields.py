"""The form fields for amounts, dates and times, typed the French way whatever the
browser's language: "1 234,50" is 1234.50 €, "12/03/1980" is 12 March 1980, "14h30" is
half past two. The browser's own date and time inputs follow the browser's
locale (mm/dd/yyyy and AM/PM in an English browser), so these are text inputs; a small
script (lien/base/static/lien/datefield.js) adds a calendar button that writes
dd/mm/yyyy into the text. Every form of Lien uses these (tests/base/test_fields.py)."""

import re
from datetime import date, datetime, time
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

# Spaces people (and spreadsheets) put between thousands: ordinary, no-break, narrow
# no-break, thin; and an apostrophe, as in Swiss or some accounting software.
_GROUPING = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_amount(text: str) -> str:
    """The amount as a string Decimal reads: "1 234,5" → "1234.5", "350,50 €" →
    "350.50", "1.234,50" → "1234.50". The last comma or point is the decimal mark when
    both appear; a lone comma is always the decimal mark (French)."""
    text = _GROUPING.sub("", text.replace("€", ""))
    if "," in text and "." in text:
        grouping = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(grouping, "")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    return text.replace(",", ".")


def format_amount(value: Decimal | int | float | None, *, grouping: bool = True) -> str:
    """An amount in the active language's format, two decimals: "1 234,50" in French."""
    if value is None or value == "":
        return ""
    return formats.number_format(Decimal(value), 2, use_l10n=True, force_grouping=grouping)


def format_euros(value: Decimal | int | float | None) -> str:
    """ "1 234,50 €" (no-break spaces), for pages, slips and messages."""
    if value is None or value == "":
        return ""
    return format_amount(value) + "\u00a0€"


class AmountInput(forms.TextInput):
    """A text input (not type=number, which drops or misreads "350,50" depending on the
    browser's language) that shows the amount in the page's language."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_amount(value)
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """An amount in euros, with cents: "350,50", "1 234,5", "1234.50", "350 €"."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Enter an amount in euros, for example 350,50."),
    }

    def __init__(self, *, max_digits: int = 9, decimal_places: int = 2, **kwargs):
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value):
        return super().to_python(parse_amount(value) if isinstance(value, str) else value)

    def widget_attrs(self, widget):
        # DecimalField would add step/min/max, meant for type=number only.
        return forms.Field.widget_attrs(self, widget)


# dd/mm/yyyy with slashes, points or hyphens; or ISO (what the calendar and some tests
# send). The year has four digits: "12/03/80" would be the year 80 for strptime.
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DateTextInput(forms.DateInput):
    """A text input shown as dd/mm/yyyy; datefield.js adds the calendar button."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "inputmode": "numeric",
                "autocomplete": "off",
                "placeholder": _("dd/mm/yyyy"),
                "maxlength": 10,
                "data-date-picker": "",
                "data-picker-label": _("Choose the date in a calendar"),
                **(attrs or {}),
            },
            format="%d/%m/%Y",
        )


class DateField(forms.DateField):
    """A date typed dd/mm/yyyy (12/03/1980, 12.03.1980, 1/3/1980) whatever the language
    of the page or of the browser; never mm/dd."""

    widget = DateTextInput
    default_error_messages = {
        "invalid": _("Enter the date as dd/mm/yyyy, for example 12/03/1980."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        match = _FRENCH_DATE.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
        elif match := _ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
        else:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return date(year, month, day)
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class TimeTextInput(forms.TimeInput):
    """A text input shown as HH:MM (24 hours), not the browser's AM/PM."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "placeholder": _("hh:mm"),
                "maxlength": 5,
                **(attrs or {}),
            },
            format="%H:%M",
        )


_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)?$")


class TimeField(forms.TimeField):
    """A time of day: "14:30", "14h30", "14h", "9:05"."""

    widget = TimeTextInput
    default_error_messages = {
        "invalid": _("Enter the time as hh:mm, for example 14:30."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, time):
            return value
        match = _TIME.match(str(value).strip())
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if hours > 23 or minutes > 59:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return time(hours, minutes)


def date_or_today(value: str | None) -> date:
    """A day given in a link or a filter (dd/mm/yyyy or ISO), or today when it is absent
    or not a date: a page asked for a wrong day shows today rather than an error."""
    try:
        return DateField(required=False).clean(value) or timezone.localdate()
    except ValidationError:
        return timezone.localdate()
