"""The types of value a catalogue item may hold, each said once: how a typed value is
checked and stored, the form field that asks for it, how a stored value reads on a page,
which coarsenings may carry it into statistics, whether it is free text, and what
anonymising a file does to it.

A new type is a member of `ValueType`, a `ValueTypeSpec` subclass in `REGISTRY`, and the
migration that adds the choice to `Item.value_type`. `tests/catalog/test_value_types.py`
fails when a choice of the model has no entry here.

What a file stores is a string: yes/no as "yes"/"no", choices by code, several codes
joined by "|", amounts with two decimals, dates in ISO form. Items are read by attribute
(`value_type`, `choices`, `choice_pairs()`), so that this module imports nothing from the
rest of Lien but the coarsening methods and the shared form fields (`lien.base.fields`,
the French amount and date): `models.py` imports it, and what the statistics
may import stays clear of the case files, the accounts and the privacy app.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lien.base.fields import AmountField, DateField, format_euros, parse_amount

from .coarsening import Coarsening, coarsen


class ValueType(models.TextChoices):
    YES_NO = "yes_no", _("yes/no")
    CHOICE = "choice", _("choice")
    MULTIPLE_CHOICE = "multiple_choice", _("multiple choice")
    INTEGER = "integer", _("whole number")
    AMOUNT = "amount", _("amount in euros")
    DATE = "date", _("date")
    SHORT_TEXT = "short_text", _("short text")


# What a multiple choice joins its codes with in the stored string.
CODE_SEPARATOR = "|"
# The empty first option of a single-choice list: no answer.
NO_ANSWER = ("", "—")


def _fail(message: str, code: str):
    raise ValidationError(message, code=code)


class ValueTypeSpec:
    """One type of value. A subclass overrides what differs from plain text."""

    value_type: ValueType
    # The coarsening methods (`Coarsening`) an item of this type may declare when it feeds
    # statistics. Empty: the type never feeds statistics.
    coarsenings: frozenset[str] = frozenset()
    # Whether the item lists its answers in `Item.choices` (and must have two or more).
    has_choices = False
    # The worker's own words: never counted, and not kept once the file is anonymised,
    # since words may name or describe the person.
    free_text = False

    @property
    def cleared_when_anonymised(self) -> bool:
        """Whether anonymising a file empties the stored values of this type (the others
        are coarse enough to stay, detached from any identity)."""
        return self.free_text

    def normalise(self, item, raw) -> str:
        """The stored form of a non-empty value, or a ValidationError in the user's language."""
        raise NotImplementedError

    def form_field(self, item, **common) -> forms.Field:
        raise NotImplementedError

    def initial(self, item, stored: str):
        """A stored value as the form field expects it."""
        return stored

    def display(self, item, stored: str) -> str:
        """A stored value as the reader should see it, in the active language."""
        return stored

    def statistical_input(self, stored: str):
        """A stored value as `coarsen` reads it."""
        return stored


class YesNo(ValueTypeSpec):
    value_type = ValueType.YES_NO
    coarsenings = frozenset({Coarsening.AS_IS})

    def normalise(self, item, raw) -> str:
        value = {True: "yes", False: "no"}.get(raw, str(raw).strip().lower())
        if value not in ("yes", "no"):
            _fail(gettext("Answer yes or no."), "yes_no")
        return value

    def form_field(self, item, **common) -> forms.Field:
        return forms.ChoiceField(choices=[NO_ANSWER, ("yes", _("yes")), ("no", _("no"))], **common)

    def display(self, item, stored: str) -> str:
        return {"yes": gettext("yes"), "no": gettext("no")}.get(stored, stored)


class Choice(ValueTypeSpec):
    value_type = ValueType.CHOICE
    coarsenings = frozenset({Coarsening.AS_IS})
    has_choices = True

    def normalise(self, item, raw) -> str:
        if str(raw) not in {c["code"] for c in item.choices}:
            _fail(gettext("Choose one of the proposed answers."), "choice")
        return str(raw)

    def form_field(self, item, **common) -> forms.Field:
        return forms.ChoiceField(choices=[NO_ANSWER, *item.choice_pairs()], **common)

    def display(self, item, stored: str) -> str:
        labels = dict(item.choice_pairs())
        return ", ".join(labels.get(code, code) for code in stored.split(CODE_SEPARATOR) if code)


class MultipleChoice(Choice):
    value_type = ValueType.MULTIPLE_CHOICE

    def normalise(self, item, raw) -> str:
        picked = raw if isinstance(raw, list | tuple) else str(raw).split(CODE_SEPARATOR)
        known = [c["code"] for c in item.choices]
        if not picked or any(p not in known for p in picked):
            _fail(gettext("Choose among the proposed answers."), "choice")
        # In the catalogue's order, so that the same answers always store the same string.
        return CODE_SEPARATOR.join(code for code in known if code in picked)

    def form_field(self, item, **common) -> forms.Field:
        return forms.MultipleChoiceField(
            choices=item.choice_pairs(), widget=forms.CheckboxSelectMultiple, **common
        )

    def initial(self, item, stored: str):
        return self.codes(stored)

    def statistical_input(self, stored: str):
        return self.codes(stored)

    @staticmethod
    def codes(stored: str) -> list[str]:
        return [code for code in stored.split(CODE_SEPARATOR) if code]


class Integer(ValueTypeSpec):
    value_type = ValueType.INTEGER
    coarsenings = frozenset({Coarsening.COUNT_BAND, Coarsening.AGE_BAND})
    # Counts of a household (children, persons) and ages.
    maximum = 99

    def normalise(self, item, raw) -> str:
        try:
            number = int(str(raw).strip())
        except ValueError:
            _fail(gettext("Enter a whole number."), "integer")
        if not 0 <= number <= self.maximum:
            _fail(gettext("Enter a number between 0 and %(max)s.") % {"max": self.maximum}, "range")
        return str(number)

    def form_field(self, item, **common) -> forms.Field:
        return forms.IntegerField(min_value=0, max_value=self.maximum, **common)


class Amount(ValueTypeSpec):
    value_type = ValueType.AMOUNT
    coarsenings = frozenset({Coarsening.AMOUNT_BAND})
    maximum = Decimal("100000")

    def normalise(self, item, raw) -> str:
        try:
            amount = Decimal(parse_amount(str(raw).strip()))
        except InvalidOperation:
            _fail(gettext("Enter an amount in euros."), "amount")
        if not amount.is_finite() or amount < 0 or amount > self.maximum:
            _fail(gettext("Enter an amount between 0 and 100,000 euros."), "range")
        return str(amount.quantize(Decimal("0.01")))

    def form_field(self, item, **common) -> forms.Field:
        # No maximum here: the service's check says it in euros, in words.
        return AmountField(min_value=0, **common)

    def initial(self, item, stored: str):
        return Decimal(stored) if stored else stored

    def display(self, item, stored: str) -> str:
        return format_euros(Decimal(stored)) if stored else stored


class Date(ValueTypeSpec):
    value_type = ValueType.DATE
    # A date of the situation is a birth date when it feeds statistics.
    coarsenings = frozenset({Coarsening.AGE_BAND})

    def normalise(self, item, raw) -> str:
        try:
            day = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
        except ValueError:
            _fail(gettext("Enter a valid date."), "date")
        # Today in the service's time zone (TIME_ZONE), not the server's.
        if day > timezone.localdate():
            _fail(gettext("The date cannot be in the future."), "future")
        return day.isoformat()

    def form_field(self, item, **common) -> forms.Field:
        return DateField(**common)

    def initial(self, item, stored: str):
        return date.fromisoformat(stored) if stored else stored

    def display(self, item, stored: str) -> str:
        return date_format(date.fromisoformat(stored), "SHORT_DATE_FORMAT") if stored else stored


class ShortText(ValueTypeSpec):
    value_type = ValueType.SHORT_TEXT
    free_text = True
    # The length of `SituationValue.value`.
    max_length = 200

    def normalise(self, item, raw) -> str:
        text = " ".join(str(raw).split())
        if len(text) > self.max_length:
            _fail(gettext("At most %(max)s characters.") % {"max": self.max_length}, "too_long")
        return text

    def form_field(self, item, **common) -> forms.Field:
        return forms.CharField(max_length=self.max_length, **common)


REGISTRY: dict[str, ValueTypeSpec] = {
    spec.value_type: spec
    for spec in (YesNo(), Choice(), MultipleChoice(), Integer(), Amount(), Date(), ShortText())
}


def spec_of(item) -> ValueTypeSpec:
    """The type of value of an item (or of anything with a `value_type`). An unknown type
    is a programming error: the model's choices and the registry are kept equal."""
    return REGISTRY[item.value_type]


def types_cleared_when_anonymised() -> list[str]:
    return [code for code, spec in REGISTRY.items() if spec.cleared_when_anonymised]


def statistical_value(item, stored: str, *, on: date | None = None) -> str | None:
    """What the statistical layer may hold for a value stored in a file: None when the
    item does not feed statistics, else the value coarsened as the item declares."""
    if not getattr(item, "feeds_statistics", False):
        return None
    return coarsen(item.coarsening, spec_of(item).statistical_input(stored), on=on)
