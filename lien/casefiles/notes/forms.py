"""Forms for writing a note, sharing it, and handing a departed author's notes over."""

from datetime import timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import FormMixinBase, LienForm, choice_field

from ..forms import VersionedForm
from .access import SHARE_DAYS
from .models import NoteVisibility


class GuardedTextMixin(FormMixinBase):
    """The note's text is checked by the free-text guard while it is typed (htmx,
    debounced); the guard's advice lands in the element `guard_target`. It never blocks
    saving."""

    guard_target = "note-guard"

    def __init__(self, *args, casefile_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if casefile_id is not None:
            self.fields["text"].widget.attrs.update(
                {
                    "hx-post": reverse("check_note_text", args=[casefile_id]),
                    "hx-trigger": "keyup changed delay:500ms, change",
                    "hx-target": f"#{self.guard_target}",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )


class NoteForm(GuardedTextMixin, LienForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))
    visibility = forms.ChoiceField(
        label=_("Who may read it"),
        choices=NoteVisibility.choices,
        initial=NoteVisibility.PRIVATE,
        help_text=_("Private by default: only you can read your notes."),
    )


class NoteEditForm(GuardedTextMixin, VersionedForm):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}))


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
    expires_on = DateField(
        label=_("Readable until"),
        help_text=_("%(days)s days at most.") % {"days": SHARE_DAYS},
    )

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "grantees").choices = _names(colleagues)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=SHARE_DAYS)


class HandOverForm(LienForm):
    heir = forms.TypedChoiceField(label=_("Successor"), coerce=int)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    author = forms.IntegerField(widget=forms.HiddenInput)
    casefile = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "heir").choices = [("", "—"), *_names(workers)]
