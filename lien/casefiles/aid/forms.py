from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import AmountField, DateField
from lien.base.forms import ConfirmationField
from lien.catalog.models import Family

from ..forms import VersionedForm, item_field
from .models import AidStatus


class AidRequestForm(VersionedForm):
    """A new request, or a draft being corrected (the same fields)."""

    amount_requested = AmountField(label=_("Amount requested (€)"), min_value=0)

    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aid_type"] = item_field(Family.AID, _("Type of aid"), offered)
        self.fields["aid_type"].widget.attrs["class"] = "form-select"
        self.order_fields(["aid_type", "amount_requested"])


# The outcomes recorded on a submitted request: the body's decision, or the person's
# withdrawal.
OUTCOMES = [
    (AidStatus.GRANTED, _("granted")),
    (AidStatus.REFUSED, _("refused")),
    (AidStatus.WITHDRAWN, _("withdrawn by the person")),
]


class AidDecisionForm(VersionedForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect)
    amount_granted = AmountField(label=_("Amount granted (€)"), required=False)
    refusal_reason = forms.CharField(
        label=_("Reasons for the refusal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As the decision states them: a refusal must give its reasons."),
    )
    decided_on = DateField(label=_("Date of the decision or of the withdrawal"))
    confirm_above_request = ConfirmationField(
        label=_("I confirm: the amount granted is above the amount requested")
    )
    correction_reason = forms.CharField(
        label=_("Why the decision is corrected"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the earlier decision in the request's history."),
    )

    def __init__(self, *args, correcting=False, **kwargs):
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["correction_reason"].required = True
        else:
            del self.fields["correction_reason"]
