"""The administrator's request for a token (the second person decides with
lien.accounts.forms.DecisionNoteForm)."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.accounts.api_tokens.models import ApiScope
from lien.base.fields import DateField
from lien.base.forms import LienForm
from lien.offices.models import Office

DEFAULT_LIFE = timedelta(days=90)


class TokenRequestForm(LienForm):
    client_name = forms.CharField(
        label=_("System that will use the token"),
        max_length=100,
        help_text=_("For example: finance software, data warehouse, identity system."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the token opens"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    all_offices = forms.BooleanField(label=_("Every office (statistics only)"), required=False)
    offices = forms.ModelMultipleChoiceField(
        label=_("Offices"),
        queryset=Office.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For the statistics and the aid decisions."),
    )
    expires_on = DateField(label=_("Expires on"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("expires_on", timezone.localdate() + DEFAULT_LIFE)
        super().__init__(*args, **kwargs)

    def expires_at(self) -> datetime:
        """The end of the day chosen, in Lien's time zone."""
        return timezone.make_aware(datetime.combine(self.cleaned_data["expires_on"], time.max))
