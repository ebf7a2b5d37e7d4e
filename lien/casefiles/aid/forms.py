from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm
from lien.catalog.models import Family

from ..forms import DATE_WIDGET, item_field
from .models import AidStatus


class AidRequestForm(LienForm):
    amount_requested = forms.DecimalField(
        label=_("Amount requested (€)"), max_digits=9, decimal_places=2, min_value=0
    )

    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aid_type"] = item_field(Family.AID, _("Type of aid"), offered)
        self.fields["aid_type"].widget.attrs["class"] = "form-select"
        self.order_fields(["aid_type", "amount_requested"])


class AidDecisionForm(LienForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(AidStatus.GRANTED, _("granted")), (AidStatus.REFUSED, _("refused"))],
        widget=forms.RadioSelect,
    )
    amount_granted = forms.DecimalField(
        label=_("Amount granted (€)"), max_digits=9, decimal_places=2, required=False
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
