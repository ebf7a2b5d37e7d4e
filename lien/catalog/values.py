"""A value typed in a file, checked against its item's type and choices, and turned into
the string the case file stores (yes/no as "yes"/"no", choices by code, several codes
joined by "|", amounts with two decimals, dates in ISO form)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Item, ValueType

MAX_INTEGER = 99
MAX_AMOUNT = Decimal("100000")
MAX_TEXT = 200


def _fail(message: str, code: str):
    raise ValidationError(message, code=code)


def normalise_value(item: Item, raw) -> str:
    """The stored form of a value, or a ValidationError saying what is wrong with it."""
    kind = item.value_type
    if raw is None or raw == "" or raw == []:
        _fail(_("Enter a value."), "required")
    if kind == ValueType.YES_NO:
        value = {True: "yes", False: "no"}.get(raw, str(raw).strip().lower())
        if value not in ("yes", "no"):
            _fail(_("Answer yes or no."), "yes_no")
        return value
    if kind == ValueType.CHOICE:
        if str(raw) not in {c["code"] for c in item.choices}:
            _fail(_("Choose one of the proposed answers."), "choice")
        return str(raw)
    if kind == ValueType.MULTIPLE_CHOICE:
        picked = raw if isinstance(raw, list | tuple) else str(raw).split("|")
        known = [c["code"] for c in item.choices]
        if not picked or any(p not in known for p in picked):
            _fail(_("Choose among the proposed answers."), "choice")
        return "|".join(code for code in known if code in picked)
    if kind == ValueType.INTEGER:
        try:
            number = int(str(raw).strip())
        except ValueError:
            _fail(_("Enter a whole number."), "integer")
        if not 0 <= number <= MAX_INTEGER:
            _fail(_("Enter a number between 0 and %(max)s.") % {"max": MAX_INTEGER}, "range")
        return str(number)
    if kind == ValueType.AMOUNT:
        try:
            amount = Decimal(str(raw).strip().replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            _fail(_("Enter an amount in euros."), "amount")
        if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
            _fail(_("Enter an amount between 0 and 100,000 euros."), "range")
        return str(amount.quantize(Decimal("0.01")))
    if kind == ValueType.DATE:
        try:
            day = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
        except ValueError:
            _fail(_("Enter a valid date."), "date")
        if day > date.today():
            _fail(_("The date cannot be in the future."), "future")
        return day.isoformat()
    text = " ".join(str(raw).split())
    if len(text) > MAX_TEXT:
        _fail(_("At most %(max)s characters.") % {"max": MAX_TEXT}, "too_long")
    return text
