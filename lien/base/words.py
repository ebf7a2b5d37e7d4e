"""The words for values that are not text: a boolean reads "oui" or "non", an absent
value "—", a date of birth agrees with the person's sex. Coded choices read through their
labels: `get_FOO_display`, `Item.display_value`, `lien.accounts.roles.roles_in_words`,
`lien.audit.object_kinds.object_in_words` (docs/architecture.md, "Words on the page")."""

import re

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, pgettext

from lien.base.fields import format_euros

NOTHING = "—"


def yes_no(value: object) -> str:
    if value is None or value == "":
        return NOTHING
    return gettext("yes") if value else gettext("no")


def born_on(person) -> str:
    """ "née le 1er juillet 1980": the person's `birth_date`, with `sex` "F", "M" or ""."""
    if not person.birth_date:
        return ""
    date = long_date(person.birth_date)
    if person.sex == "F":
        return pgettext("a woman", "born on %(date)s") % {"date": date}
    if person.sex == "M":
        return pgettext("a man", "born on %(date)s") % {"date": date}
    return gettext("born on %(date)s") % {"date": date}


_FIRST_OF_MONTH = re.compile(
    r"(?<![\d/.-])1 (?=(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre"
    r"|novembre|décembre)\b)"
)


def first_of_month(text: str) -> str:
    """French writes the first day of a month as an ordinal: "1er juillet", not "1 juillet"
    (Django's date formats cannot say it)."""
    if not (get_language() or "").startswith("fr"):
        return text
    return _FIRST_OF_MONTH.sub("1er ", text)


def long_date(value, format_name: str = "DATE_FORMAT") -> str:
    """A date (or a date and time) written out in the reader's language: "1er juillet 2026"."""
    if value is None:
        return NOTHING
    return first_of_month(date_format(value, format_name))


def euros(value) -> str:
    """An amount as the reader writes it: "1 500,00 €" in French."""
    if value is None or value == "":
        return NOTHING
    return format_euros(value)
