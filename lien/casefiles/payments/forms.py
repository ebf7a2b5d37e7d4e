from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm

from .models import PayeeKind


class PaymentOrderForm(LienForm):
    payee_kind = forms.ChoiceField(
        label=_("Payee"), choices=PayeeKind.choices, widget=forms.RadioSelect
    )
    payee_name = forms.CharField(
        label=_("Name of the payee"),
        max_length=200,
        help_text=_("The person, or the landlord, the energy supplier… paid for her."),
    )
    holder = forms.CharField(label=_("Account holder"), max_length=200)
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=50,
        help_text=_(
            "Kept apart, encrypted, shown masked, and deleted once paid and the accounting period over."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PaidForm(LienForm):
    paid_on = DateField(label=_("Paid on"))


class ReturnFileForm(LienForm):
    return_file = forms.FileField(
        label=_("Return file of the finance software (CSV)"),
        help_text=_(
            "One line per order paid or rejected: its reference, its status, the date "
            "and, for a rejected order, the reason (the administration guide gives the format)."
        ),
    )
