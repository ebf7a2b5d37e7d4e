from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import LienForm


class BreakGlassForm(LienForm):
    """The person's exact identity, as on an identity document, and the emergency."""

    birth_name = forms.CharField(label=_("Birth name"), max_length=100)
    first_names = forms.CharField(label=_("First names"), max_length=150)
    birth_date = DateField(label=_("Birth date"))
    reason = forms.CharField(
        label=_("Reason for the emergency access"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the emergency is and why the file's own office cannot be reached. "
            "The data-protection officer reads it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        assert isinstance(reason, forms.CharField)
        reason.min_length = settings.LIEN_BREAK_GLASS_MIN_REASON
        reason.widget.attrs["minlength"] = settings.LIEN_BREAK_GLASS_MIN_REASON
