"""The social report's forms: its sections, and the person's agreement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import choice_field

from ..forms import VersionedForm
from ..notes.forms import GuardedTextMixin


class SocialReportForm(GuardedTextMixin, VersionedForm):
    """The assessment is the worker's own words: the free-text guard reads it as it is
    typed, as it reads a note (its advice never blocks saving)."""

    guard_target = "report-guard"

    situation = forms.CharField(
        label=_("Situation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Pre-filled from the file with what the catalogue allows for financial aid."),
    )
    budget_sheet = forms.TypedChoiceField(
        label=_("Budget cited"), coerce=int, required=False, empty_value=None
    )
    tried = forms.CharField(
        label=_("What was tried"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    request_text = forms.CharField(
        label=_("The request"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(
        label=_("The social worker's assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Facts and their consequences, in words the person can read: they will."),
    )

    def __init__(self, *args, sheets=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "budget_sheet").choices = [
            ("", "—"),
            *((s.pk, s.dated_on.strftime("%d/%m/%Y")) for s in sheets),
        ]


class AgreementForm(VersionedForm):
    agreed_on = DateField(label=_("Date the person agreed"))
