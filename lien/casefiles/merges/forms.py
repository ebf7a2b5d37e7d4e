"""The manager's forms to merge duplicates: which value stays, field by field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm

from .services import ABSORBED, KEPT


class PersonMergeForm(LienForm):
    """One choice per identity field that differs between the two records."""

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label, kept, absorbed in pair.fields:
            if kept == absorbed:
                continue
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[
                    (KEPT, _("keep: %(value)s") % {"value": _shown(kept)}),
                    (ABSORBED, _("take: %(value)s") % {"value": _shown(absorbed)}),
                ],
                initial=KEPT if kept or not absorbed else ABSORBED,
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return dict(self.cleaned_data)


def _shown(value) -> str:
    if value in (None, ""):
        return str(_("(empty)"))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


class HouseholdMergeForm(LienForm):
    """One choice per value that differs between the two households (`preview.choices`):
    the kept household's stays unless the manager takes the other."""

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        for choice in preview.choices:
            self.fields[choice.name] = forms.ChoiceField(
                label=choice.label,
                choices=[
                    (KEPT, _("keep: %(value)s") % {"value": _shown(choice.kept)}),
                    (ABSORBED, _("take: %(value)s") % {"value": _shown(choice.absorbed)}),
                ],
                initial=KEPT,
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return dict(self.cleaned_data)
