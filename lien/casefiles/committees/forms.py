from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.base.fields import AmountField, DateField
from lien.base.forms import LienForm, choice_field

from ..documents.models import DocumentKind
from ..schemes.models import AidScheme, Decider, ReasonKind
from .models import AgendaOutcome


class _AgentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class _SchemeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.aid_type.label


class SessionForm(LienForm):
    scheme = _SchemeChoice(
        label=_("Aid scheme"),
        queryset=AidScheme.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    held_on = DateField(label=_("Date of the session"))
    members = _AgentChoice(
        label=_("Members"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They read the requests on the agenda on the day of the session only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scheme = self.fields["scheme"]
        members = self.fields["members"]
        assert isinstance(scheme, forms.ModelChoiceField)
        assert isinstance(members, forms.ModelMultipleChoiceField)
        scheme.queryset = AidScheme.objects.filter(decided_by=Decider.COMMITTEE).select_related(
            "aid_type"
        )
        members.queryset = (
            User.objects.filter(is_active=True, memberships__is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )


# What the secretary records on a line of the agenda (to be examined is no decision).
DECISIONS = [
    (value, label) for value, label in AgendaOutcome.choices if value != AgendaOutcome.PENDING
]


class SessionDecisionForm(LienForm):
    outcome = forms.ChoiceField(
        label=_("Decision of the committee"), choices=DECISIONS, widget=forms.RadioSelect
    )
    amount_granted = AmountField(
        label=_("Amount granted (€), for a partial grant"), required=False, min_value=0
    )
    reasons = forms.MultipleChoiceField(
        label=_("Reasons (from the scheme's list)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required for a refusal or a partial grant."),
    )
    reason_text = forms.CharField(
        label=_("Reasons, in the committee's words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    missing_documents = forms.MultipleChoiceField(
        label=_("Documents the committee waits for (adjourned)"),
        required=False,
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, scheme: AidScheme, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = dict(ReasonKind.choices)
        choice_field(self, "reasons").choices = [
            (str(reason.pk), f"{kinds[reason.kind]} : {reason.text}")
            for reason in scheme.reasons.filter(in_use=True)
        ]
