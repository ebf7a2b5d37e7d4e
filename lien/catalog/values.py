"""A value typed in a file, checked against its item's type and choices, and turned into
the string the case file stores. What each type accepts and how it is stored is said in
`value_types`; what every type shares (a value is required) is said here."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .value_types import spec_of


def normalise_value(item, raw) -> str:
    """The stored form of a value, or a ValidationError saying what is wrong with it."""
    if raw is None or raw == "" or raw == []:
        raise ValidationError(_("Enter a value."), code="required")
    return spec_of(item).normalise(item, raw)
