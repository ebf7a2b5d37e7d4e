from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm, choice_field

from ..forms import VersionedForm, worker_choices
from .models import CloseReason, FileStatus


class CloseFileForm(VersionedForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices)
    closed_on = DateField(label=_("Closed on"))


class TransferForm(VersionedForm):
    office = forms.TypedChoiceField(label=_("Receiving office"), coerce=int)
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        max_length=200,
        help_text=_("For example: the household moved to a town of that office."),
    )

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # No office chosen in advance: handing a file over is a choice to make.
        choice_field(self, "office").choices = [("", "—"), *((o.pk, o.name) for o in offices)]


class ReassignForm(VersionedForm):
    referent = forms.TypedChoiceField(
        label=_("Referent"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "referent").choices = [("", _("no referent")), *worker_choices(workers)]


class CaseloadFilterForm(LienForm):
    status = forms.ChoiceField(
        label=_("Files"),
        required=False,
        choices=[(FileStatus.OPEN, _("open")), (FileStatus.CLOSED, _("closed")), ("all", _("all"))],
    )
    quiet_days = forms.TypedChoiceField(
        label=_("Last contact"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("any time")),
            (30, _("more than a month ago")),
            (90, _("more than three months ago")),
            (180, _("more than six months ago")),
        ],
    )
    with_open_problems = forms.BooleanField(label=_("Only with open problems"), required=False)
