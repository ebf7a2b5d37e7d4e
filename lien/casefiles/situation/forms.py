"""The situation form, generated from the catalogue: one field per situation item the
actor's role may see, typed after the item (`catalog.value_types`). Built from items already loaded (no query
per item); the checks on values are the service's (`catalog.values`)."""

from django import forms

from lien.base.forms import LienForm
from lien.catalog.models import Item
from lien.catalog.value_types import spec_of


def field_name(item: Item) -> str:
    return f"item_{item.pk}"


def _field_for(item: Item) -> forms.Field:
    return spec_of(item).form_field(
        item, label=item.label, help_text=item.help_text, required=False
    )


class SituationForm(LienForm):
    def __init__(self, *args, items: list[Item], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[field_name(item)] = _field_for(item)
            if item.pk in current:
                self.initial[field_name(item)] = spec_of(item).initial(item, current[item.pk].value)
        # LienFormMixin styled the fields before these were added: style them now.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def values(self) -> dict[int, object]:
        """{item id: value} of the fields whose value changed."""
        changed = set(self.changed_data)
        return {
            item.pk: self.cleaned_data.get(field_name(item))
            for item in self.items
            if field_name(item) in changed
        }
