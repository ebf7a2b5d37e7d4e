from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action


class EventFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("all")), *Action.choices], required=False
    )
    username = forms.CharField(label=_("Agent's username"), required=False, max_length=150)
    household_id = forms.IntegerField(label=_("Household number"), required=False, min_value=1)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
