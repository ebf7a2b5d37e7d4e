from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lien.accounts.models import User
from lien.audit.models import Action
from lien.base.fields import DateField
from lien.base.forms import LienForm


class EventFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("all")), *Action.choices], required=False
    )
    username = forms.CharField(label=_("Agent's username"), required=False, max_length=150)
    household_id = forms.IntegerField(label=_("Household number"), required=False, min_value=1)
    since = DateField(label=_("From"), required=False)
    until = DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


class PeriodForm(LienForm):
    since = DateField(label=_("From"))
    until = DateField(label=_("To"))

    def clean(self):
        data: dict[str, Any] = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period comes before its start."))
        return data


class ExtractForm(PeriodForm):
    SUBJECTS = [
        ("household", _("a household (a person and their family)")),
        ("agent", _("an agent")),
    ]

    subject = forms.ChoiceField(
        label=_("Extract about"), choices=SUBJECTS, widget=forms.RadioSelect
    )
    household_id = forms.IntegerField(label=_("Household number"), required=False, min_value=1)
    username = forms.CharField(label=_("Agent's username"), required=False, max_length=150)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("For example: complaint of 3 March by the person, reference 2026-14."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field_order = ["subject", "household_id", "username", "since", "until", "reason"]

    def clean(self):
        data = super().clean()
        if data.get("subject") == "household" and not data.get("household_id"):
            self.add_error("household_id", _("Enter the household number."))
        if data.get("subject") == "agent" and not data.get("username"):
            self.add_error("username", _("Enter the agent's username."))
        elif (
            data.get("subject") == "agent"
            and not User.objects.filter(username=data["username"]).exists()
        ):
            # Said here, before the task worker is asked for an extract of no one.
            self.add_error("username", _("No agent has this username."))
        return data
