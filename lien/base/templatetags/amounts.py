"""{{ amount|euros }}: "1 234,50 €" in French, never "1234.50 €"."""

from django import template

from lien.base.fields import format_euros

register = template.Library()


@register.filter
def euros(value) -> str:
    return format_euros(value)
