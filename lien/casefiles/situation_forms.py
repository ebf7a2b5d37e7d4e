"""The situation form, generated from the catalogue: one field per situation item the
actor's role may see, typed after the item. Built from items already loaded (no query
per item); the checks on values are the service's (`catalog.values`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.catalog.models import Item, ValueType
from lien.web.forms import LienForm

YES_NO = [("", "—"), ("yes", _("yes")), ("no", _("no"))]


def field_name(item: Item) -> str:
    return f"item_{item.pk}"


def _field_for(item: Item) -> forms.Field:
    common = {"label": item.label, "help_text": item.help_text, "required": False}
    kind = item.value_type
    if kind == ValueType.YES_NO:
        return forms.ChoiceField(choices=YES_NO, **common)
    if kind == ValueType.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *item.choice_pairs()], **common)
    if kind == ValueType.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=item.choice_pairs(), widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == ValueType.INTEGER:
        return forms.IntegerField(min_value=0, max_value=99, **common)
    if kind == ValueType.AMOUNT:
        return forms.DecimalField(min_value=0, max_digits=9, decimal_places=2, **common)
    if kind == ValueType.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
        )
    return forms.CharField(max_length=200, **common)


def _initial(item: Item, stored: str):
    if item.value_type == ValueType.MULTIPLE_CHOICE:
        return [code for code in stored.split("|") if code]
    return stored


class SituationForm(LienForm):
    def __init__(self, *args, items: list[Item], current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[field_name(item)] = _field_for(item)
            if item.pk in current:
                self.initial[field_name(item)] = _initial(item, current[item.pk].value)
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
