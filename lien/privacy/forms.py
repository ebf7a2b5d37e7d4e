from django import forms
from django.utils.translation import gettext_lazy as _

from lien.web.forms import LienForm

from .models import NoticeMethod

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoticeGivenForm(LienForm):
    person = forms.TypedChoiceField(label=_("Person informed"), coerce=int)
    method = forms.ChoiceField(
        label=_("How the notice was given"),
        choices=NoticeMethod.choices,
        widget=forms.RadioSelect,
    )
    given_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (m.person_id, f"{m.person.full_name} — {m.get_relationship_display()}") for m in members
        ]


class OppositionForm(LienForm):
    person = forms.TypedChoiceField(label=_("Person who opposes"), coerce=int)
    opposed_on = forms.DateField(label=_("Date of the opposition"), widget=DATE_WIDGET)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            (m.person_id, f"{m.person.full_name} — {m.get_relationship_display()}") for m in members
        ]
