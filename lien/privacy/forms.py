from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm, choice_field
from lien.casefiles.models import HouseholdMember

from .models import NoticeMethod, RequestStatus, RightKind


class NoticeGivenForm(LienForm):
    person = forms.TypedChoiceField(label=_("Person informed"), coerce=int)
    method = forms.ChoiceField(
        label=_("How the notice was given"),
        choices=NoticeMethod.choices,
        widget=forms.RadioSelect,
    )
    given_on = DateField(label=_("Date"))

    def __init__(self, *args: Any, members: Iterable[HouseholdMember] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = [
            (m.person_id, f"{m.person.full_name} — {m.get_relationship_display()}") for m in members
        ]


class OppositionForm(LienForm):
    person = forms.TypedChoiceField(label=_("Person who opposes"), coerce=int)
    opposed_on = DateField(label=_("Date of the opposition"))

    def __init__(self, *args: Any, members: Iterable[HouseholdMember] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = [
            (m.person_id, f"{m.person.full_name} — {m.get_relationship_display()}") for m in members
        ]


class RightsRequestForm(LienForm):
    casefile = forms.IntegerField(label=_("File number"), min_value=1)
    person_name = forms.CharField(
        label=_("Name of the person"),
        max_length=100,
        help_text=_("Birth or usage name, as written in the request."),
    )
    kind = forms.ChoiceField(label=_("Right exercised"), choices=RightKind.choices)
    received_on = DateField(label=_("Received on"))


class ExtendRequestForm(LienForm):
    reason = forms.CharField(
        label=_("Reason for the extension (told to the person)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseRequestForm(LienForm):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(RequestStatus.ANSWERED, _("answered")), (RequestStatus.REFUSED, _("refused"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("What was answered"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    closed_on = DateField(label=_("Answered on"))


class ApplyLimitationForm(LienForm):
    reason = forms.CharField(
        label=_("Reason for the limitation (shown on the file)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. the accuracy of the address is contested and being checked."),
    )


class LiftLimitationForm(LienForm):
    reason = forms.CharField(
        label=_("Reason for lifting the limitation"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EraseFileForm(LienForm):
    reason = forms.CharField(
        label=_("Why the law allows the erasure (kept as the answer to the person)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. file opened by mistake; no aid decided; help ended."),
    )
