"""An item's history in sentences: "Libellé français : « Type » devient « Type de
ménage »", never the field's code, a JSON list or "True". Used by the catalogue's pages
and the administration site."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lien.accounts.roles import roles_in_words
from lien.base.words import NOTHING, yes_no

from .models import Item, ItemChange, Purpose


def _quoted(text: str) -> str:
    return f"« {text} »"


def value_in_words(field_name: str, value) -> str:
    """One side of a change, as the catalogue's reader knows it."""
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, bool):
        return yes_no(value)
    if field_name == "choices":
        return ", ".join(_quoted(choice.get("fr") or choice.get("code", "")) for choice in value)
    if field_name == "purposes":
        labels = dict(Purpose.choices)
        return ", ".join(str(labels.get(code, code)) for code in value)
    if field_name == "visible_to_roles":
        return roles_in_words(value)
    choices = getattr(_field(field_name), "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, int | float):
        return str(value)
    return _quoted(str(value))


def _field(field_name: str) -> object | None:
    try:
        return Item._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None


def field_in_words(field_name: str) -> str:
    name = getattr(_field(field_name), "verbose_name", None) or field_name.replace("_", " ")
    return capfirst(str(name))


def change_sentences(change: ItemChange) -> list[str]:
    """One sentence per field the change touched."""
    sentences = []
    for field_name, pair in (change.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        values = {
            "field": field_in_words(field_name),
            "old": value_in_words(field_name, old),
            "new": value_in_words(field_name, new),
        }
        if values["old"] == NOTHING:
            sentences.append(_("%(field)s: %(new)s.") % values)
        else:
            sentences.append(_("%(field)s: %(old)s becomes %(new)s.") % values)
    return sentences
