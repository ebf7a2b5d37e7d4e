from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField, TimeField
from lien.base.forms import ConfirmationField, choice_field

from ..forms import VersionedForm, member_choices, worker_choices
from .models import AppointmentKind

DURATIONS = [(m, _("%(minutes)s minutes") % {"minutes": m}) for m in (30, 45, 60, 90)]


class AppointmentForm(VersionedForm):
    person = forms.TypedChoiceField(label=_("With whom in the household"), coerce=int)
    worker = forms.TypedChoiceField(label=_("Social worker"), coerce=int)
    day = DateField(label=_("Day"))
    start = TimeField(label=_("Time"))
    duration = forms.TypedChoiceField(
        label=_("Duration"), choices=DURATIONS, coerce=int, initial=45
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentKind.choices)
    confirm_outside_hours = ConfirmationField(
        label=_("I confirm: the appointment is outside the office's opening hours")
    )

    def __init__(self, *args, members=(), workers=(), moving=False, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "worker").choices = worker_choices(workers)
        if moving:
            del self.fields["person"], self.fields["kind"]
        else:
            choice_field(self, "person").choices = member_choices(members)

    def slot(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        starts_at = datetime.combine(self.cleaned_data["day"], self.cleaned_data["start"], zone)
        return starts_at, starts_at + timedelta(minutes=self.cleaned_data["duration"])
