from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm, choice_field

from ..forms import member_choices
from .models import ConcernFollowUp


class ConcernForm(LienForm):
    children = forms.TypedMultipleChoiceField(
        label=_("Children concerned"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    account = forms.CharField(
        label=_("Facts that cause concern"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Facts observed or reported, dated, with their source. Encrypted; read only by you, the manager and the CRIP."
        ),
    )
    crip = forms.TypedChoiceField(label=_("Sent to"), coerce=int)
    sent_on = DateField(label=_("Sent on"))

    def __init__(self, *args, members=(), crips=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "children").choices = member_choices(members)
        choice_field(self, "crip").choices = [(p.pk, p.name) for p in crips]


class ProofForm(LienForm):
    reference = forms.CharField(label=_("Acknowledgement reference"), max_length=80)
    received_on = DateField(label=_("Acknowledged on"))


class FollowUpForm(LienForm):
    follow_up = forms.ChoiceField(
        label=_("Follow-up"),
        choices=[c for c in ConcernFollowUp.choices if c[0] != ConcernFollowUp.SENT],
    )
    known_on = DateField(label=_("Known on"))
