"""What the forms of the case-file screens share. Forms only check shapes (a date is a
date); the rules are the services', whose refusals come back next to the field they
concern. Each part of a file keeps its own forms in its package (`households/forms.py`…)."""

from django import forms

from lien.base.forms import LienForm
from lien.catalog.models import Item

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(LienForm):
    """Carries the version the user read, so that a save over someone else's change is
    refused with a conflict message instead of overwriting it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def member_choices(members) -> list[tuple[int, str]]:
    return [(m.person.pk, m.person.full_name) for m in members]


def worker_choices(workers) -> list[tuple[int, str]]:
    return [(w.pk, str(w)) for w in workers]


def item_field(family: str, label, offered=None) -> forms.ModelChoiceField:
    """`offered`: the active items already read by the caller (the file page reads those
    of its three forms in one query); the queryset still validates what is posted."""
    field = forms.ModelChoiceField(
        label=label, queryset=Item.objects.offered(family), empty_label="—"
    )
    if offered is not None:
        field.choices = [
            ("", field.empty_label),
            *((i.pk, field.label_from_instance(i)) for i in offered if i.family == family),
        ]
    return field
