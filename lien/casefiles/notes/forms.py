"""Forms for sharing a note and for handing a departed author's notes over."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.web.forms import LienForm

from ..forms import DATE_WIDGET
from .access import SHARE_DAYS


def _names(users) -> list[tuple[int, str]]:
    return [(u.pk, str(u)) for u in users]


class ShareNoteForm(LienForm):
    grantees = forms.TypedMultipleChoiceField(
        label=_("Colleagues who may read it"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason for sharing"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown to the colleagues and kept in the file's journal."),
    )
    expires_on = forms.DateField(
        label=_("Readable until"),
        widget=DATE_WIDGET,
        help_text=_("%(days)s days at most.") % {"days": SHARE_DAYS},
    )

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grantees"].choices = _names(colleagues)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=SHARE_DAYS)


class HandOverForm(LienForm):
    heir = forms.TypedChoiceField(label=_("Successor"), coerce=int)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    author = forms.IntegerField(widget=forms.HiddenInput)
    casefile = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heir"].choices = [("", "—"), *_names(workers)]
