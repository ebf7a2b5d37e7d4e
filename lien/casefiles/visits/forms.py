from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm, choice_field

from ..forms import member_choices
from .models import VisitReason


class VisitForm(LienForm):
    person = forms.TypedChoiceField(label=_("Who came"), coerce=int)
    reason = forms.ChoiceField(label=_("Reason"), choices=VisitReason.choices)
    # From the desk's "Arrived" button: the appointment the person came for.
    appointment = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = member_choices(members)
