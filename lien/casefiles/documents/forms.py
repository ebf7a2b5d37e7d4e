from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm, choice_field

from ..forms import member_choices
from .models import DocumentKind


class DocumentForm(LienForm):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    person = forms.TypedChoiceField(
        label=_("Concerns"), coerce=int, required=False, empty_value=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, 10 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "person").choices = [
            ("", _("the whole household")),
            *member_choices(members),
        ]
