"""The author's two forms on each note of an access request: release it (optionally with
passages blacked out), or withhold it on a legal ground."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm

from .models import WithholdingGround


class ReleaseNoteForm(LienForm):
    masked_passages = forms.CharField(
        label=_("Passages to black out (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "What concerns someone else (their name, their situation): copy each passage "
            "from the note, one per line. Each is replaced by “[tiers masqué]” in the export."
        ),
    )

    def passages(self) -> list[str]:
        passages: str = self.cleaned_data["masked_passages"]
        return passages.splitlines()


class WithholdNoteForm(LienForm):
    ground = forms.ChoiceField(
        label=_("Legal ground (told to the person)"),
        choices=WithholdingGround.choices,
        widget=forms.RadioSelect,
    )
