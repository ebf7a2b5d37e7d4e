"""The form that produces a letter, and the administrator's template form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm, LienModelForm, choice_field

from .models import LetterFormat, LetterTemplate


class ProduceLetterForm(LienForm):
    template = forms.TypedChoiceField(label=_("Letter"), coerce=int)
    aid_request = forms.TypedChoiceField(
        label=_("About the aid request"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For a decision letter only."),
    )
    missing = forms.CharField(
        label=_("What is missing"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For a letter saying the request is adjourned; left empty, the documents the "
            "committee named when it adjourned the request."
        ),
    )
    fmt = forms.ChoiceField(
        label=_("Format"),
        choices=LetterFormat.choices,
        initial=LetterFormat.PDF,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, templates=(), aid_requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "template").choices = [("", "—"), *((t.pk, t.name) for t in templates)]
        choice_field(self, "aid_request").choices = [
            ("", "—"),
            *((a.pk, f"{a.aid_type.label} — {a.get_status_display()}") for a in aid_requests),
        ]


class LetterTemplateForm(LienModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["name", "kind", "purpose", "subject", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14, "cols": 80})}
