"""Mobile numbers for SMS reminders: a French mobile (06, 07) or an international number.

Lien has no telephone-numbering library among its dependencies; the rule is the one the
reminders need. A French number is a mobile only when it starts with 6 or 7 after the
country code; any other French number (01 to 05, 08, 09) is a landline or a service and
is refused. A number written with its country code (+ or 00) outside France is taken as
given (8 to 15 digits, ITU-T E.164), since its plan is not ours to check.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\-()/]")
_FRENCH_NATIONAL = re.compile(r"0(\d{9})")
_INTERNATIONAL = re.compile(r"\+([1-9]\d{7,14})")
_FRENCH_MOBILE = re.compile(r"33[67]\d{8}")


def normalise_mobile(text: str) -> str:
    """The number in international form (+33612345678), or ValidationError."""
    number = _SEPARATORS.sub("", text or "")
    if number.startswith("00"):
        number = "+" + number[2:]
    if match := _FRENCH_NATIONAL.fullmatch(number):
        number = "+33" + match.group(1)
    match = _INTERNATIONAL.fullmatch(number)
    if match is None or (
        match.group(1).startswith("33") and not _FRENCH_MOBILE.fullmatch(match.group(1))
    ):
        raise ValidationError(
            _(
                "Enter a mobile number: a French one starting with 06 or 07, or an "
                "international one starting with + and its country code."
            ),
            code="not_mobile",
        )
    return number
