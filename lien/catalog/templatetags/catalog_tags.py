from django import template

register = template.Library()


@register.filter
def shown_as(value: str, item):
    """A stored value as its reader should see it: `{{ v.value|shown_as:v.item }}`."""
    return item.display_value(value)


@register.filter
def purpose_labels(codes) -> str:
    """Purpose codes as their translated names."""
    from lien.catalog.models import Purpose

    labels = dict(Purpose.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


@register.filter
def role_labels(codes) -> str:
    """Role codes as their translated names."""
    from lien.accounts.roles import roles_in_words

    return roles_in_words(codes or [])


@register.filter
def in_sentences(change) -> list[str]:
    """An item's change told field by field: `{% for s in change|in_sentences %}`."""
    from lien.catalog.history import change_sentences

    return change_sentences(change)
