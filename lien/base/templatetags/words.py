"""Values that are not text, in words: `{% load words %}` (docs/architecture.md, "Words on
the page")."""

from django import template

from lien.base.words import born_on, euros, yes_no

register = template.Library()


@register.filter(name="yes_no")
def yes_no_filter(value) -> str:
    """`{{ flag|yes_no }}`: "oui", "non", or "—" when unknown; never "True" or "None"."""
    return yes_no(value)


@register.filter(name="born_on")
def born_on_filter(person) -> str:
    """`{{ person|born_on }}`: "née le 3 mars 1980", "né le …", or "né·e le …" when the
    sex is not recorded."""
    return born_on(person)


@register.filter(name="euros")
def euros_filter(value) -> str:
    """`{{ aid.amount_requested|euros }}`: "1 500,00 €"."""
    return euros(value)
