from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm, choice_field

# A spreadsheet of 100,000 households is about 10 MB as CSV.
MAX_IMPORT_SIZE = 30 * 1024 * 1024


class HouseholdImportForm(LienForm):
    office = forms.TypedChoiceField(label=_("Office"), coerce=int)
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV (separated by semicolons or commas) or XLSX, 30 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "office").choices = [(office.pk, office.name) for office in offices]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("The file is too large; the limit is 30 MB."))
        return uploaded


class StartImportForm(LienForm):
    valid_only = forms.BooleanField(required=False)
