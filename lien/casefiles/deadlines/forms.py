from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm

from .models import DeadlineKind


class DeadlineForm(LienForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DeadlineKind.choices)
    label = forms.CharField(
        label=_("What"),
        max_length=80,
        help_text=_("A few words: the right, the document, the call. Not a note."),
    )
    due_on = DateField(label=_("Due on"))
