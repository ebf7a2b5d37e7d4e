from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm


class ArchiveSearchForm(LienForm):
    q = forms.CharField(label=_("File number or name"), max_length=100, required=False, strip=True)


class OpenArchivedFileForm(LienForm):
    reason = forms.CharField(
        label=_("Reason for opening this archived file"),
        max_length=200,
        help_text=_("For example: a request from the CAF about an aid decision. It is logged."),
    )


class LegalHoldForm(LienForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: litigation in progress, a judge's request."),
    )
