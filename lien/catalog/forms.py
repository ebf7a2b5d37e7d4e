from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm
from lien.offices.models import Office

from .models import Family, Sensitivity, Status

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class RefuseForm(LienForm):
    reason = forms.CharField(
        label=_("Reason for refusing"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class UsageForm(LienForm):
    office = forms.ModelChoiceField(
        label=_("Office"),
        queryset=Office.objects.order_by("name"),
        required=False,
        empty_label=_("All offices"),
    )
    start = DateField(label=_("From"))
    end = DateField(label=_("To"))

    @classmethod
    def default_period(cls) -> dict:
        today = timezone.localdate()
        return {"start": today - timedelta(days=365), "end": today}

    def clean(self):
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            self.add_error("end", _("The end of the period comes before its start."))
        return cleaned


class ImportForm(LienForm):
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_("YAML (.yaml, .yml) or spreadsheet (.xlsx), with the columns of an export."),
    )
    note = forms.CharField(label=_("Note for this version"), max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".yaml", ".yml", ".xlsx")):
            raise forms.ValidationError(_("Choose a .yaml, .yml or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ItemFilterForm(LienForm):
    family = forms.ChoiceField(
        label=_("Family"), choices=[("", _("All")), *Family.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Status.choices], required=False
    )
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"), choices=[("", _("All")), *Sensitivity.choices], required=False
    )
