from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm, choice_field

from ..forms import member_choices
from .models import ReferralAnswer, ReferralReason


class AgreementForm(LienForm):
    person = forms.TypedChoiceField(label=_("Who agrees"), coerce=int)
    item = forms.TypedChoiceField(label=_("Item they agree to share"), coerce=int)

    def __init__(self, *args, members=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = member_choices(members)
        choice_field(self, "item").choices = [(item.pk, item.label) for item in items]


class ReferralForm(LienForm):
    person = forms.TypedChoiceField(label=_("Who is referred"), coerce=int)
    partner = forms.TypedChoiceField(label=_("To"), coerce=int)
    reason = forms.ChoiceField(label=_("Why"), choices=ReferralReason.choices)
    items = forms.TypedMultipleChoiceField(
        label=_("What is sent (only what the person agreed to share)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members=(), partners=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = member_choices(members)
        choice_field(self, "partner").choices = [
            (p.pk, f"{p.name} ({p.get_kind_display()})") for p in partners
        ]
        choice_field(self, "items").choices = [(item.pk, item.label) for item in items]


class AnswerForm(LienForm):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[c for c in ReferralAnswer.choices if c[0] != ReferralAnswer.WAITING],
    )
