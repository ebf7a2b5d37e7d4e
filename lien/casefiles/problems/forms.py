from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm, choice_field
from lien.catalog.models import Family

from ..forms import item_field


class ProblemForm(LienForm):
    def __init__(self, *args, offered=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"] = item_field(Family.PROBLEM, _("Problem"), offered)
        self.fields["item"].widget.attrs["class"] = "form-select"


class InterventionForm(LienForm):
    occurred_on = DateField(label=_("Date"))
    problems = forms.TypedMultipleChoiceField(
        label=_("Problems addressed"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, open_problems=(), offered=None, **kwargs):
        # Today, unless a draft kept from before another card's save says otherwise.
        kwargs["initial"] = {"occurred_on": timezone.localdate(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.fields["item"] = item_field(Family.INTERVENTION, _("Intervention"), offered)
        self.fields["item"].widget.attrs["class"] = "form-select"
        choice_field(self, "problems").choices = [(p.pk, p.item.label) for p in open_problems]
        self.order_fields(["item", "occurred_on", "problems"])
