from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm, choice_field

from ..forms import member_choices
from .models import ReminderChannel


class ConsentForm(LienForm):
    person = forms.TypedChoiceField(label=_("Who agrees"), coerce=int)
    channel = forms.ChoiceField(
        label=_("Reminders by"), choices=ReminderChannel.choices, widget=forms.RadioSelect
    )
    address = forms.CharField(
        label=_("Mobile number or e-mail address"),
        max_length=254,
        help_text=_(
            "A mobile: 06 or 07…, or + and the country code. Nothing else is sent to it than the date, time and place of the appointments."
        ),
    )
    given_on = DateField(label=_("Consent given on"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = member_choices(members)


class WithdrawalForm(LienForm):
    withdrawn_on = DateField(label=_("Withdrawn on"))
