from django import forms
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm

from .choices import AgeBand, AnonymousReason, Channel


class AnonymousVisitForm(LienForm):
    """Radio buttons throughout: the desk picks each with the arrow keys, no typing."""

    reason = forms.ChoiceField(
        label=_("Reason"), choices=AnonymousReason.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        initial=Channel.DESK,
        widget=forms.RadioSelect,
    )
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=AgeBand.choices,
        required=False,
        initial=AgeBand.UNKNOWN,
        widget=forms.RadioSelect,
    )
    town = forms.TypedChoiceField(label=_("Town"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, towns=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["town"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("not asked"))] + [(town.pk, town.name) for town in towns]
