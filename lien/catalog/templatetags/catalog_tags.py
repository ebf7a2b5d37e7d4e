from django import template

register = template.Library()


@register.filter
def shown_as(value: str, item):
    """A stored value as its reader should see it: `{{ v.value|shown_as:v.item }}`."""
    return item.display_value(value)
