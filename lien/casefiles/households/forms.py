"""Forms for registering a household, adding a member and correcting a person."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lien.base.fields import DateField
from lien.base.forms import choice_field

from ..forms import VersionedForm
from .models import Relationship, Sex
from .services import PERSON_FIELDS, PersonData


class PersonForm(VersionedForm):
    birth_name = forms.CharField(label=_("Birth name"), max_length=100)
    usage_name = forms.CharField(
        label=_("Usage name"),
        max_length=100,
        required=False,
        help_text=_("If different from the birth name (e.g. married name)."),
    )
    first_names = forms.CharField(label=_("First names"), max_length=150)
    birth_date = DateField(label=_("Birth date"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    postal_code = forms.RegexField(
        label=_("Postal code"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A postal code has five digits.")},
    )
    town = forms.CharField(label=_("Town"), max_length=120, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typing the name asks for likely duplicates (see the register page).
        for name in ("birth_name", "first_names"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A birth date cannot be in the future."))
        return value

    def person_data(self) -> PersonData:
        return PersonData(
            **{name: self.cleaned_data.get(name) or _blank(name) for name in PERSON_FIELDS}
        )

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) or _blank(name) for name in PERSON_FIELDS}


def _blank(name: str):
    return None if name == "birth_date" else ""


class CorrectPersonForm(PersonForm):
    """Correcting a person: the former values are kept, with why (GDPR art. 16)."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=300,
        required=False,
        help_text=_('Kept with the former values, e.g. "spelling on the identity card".'),
    )
    rights_request = forms.TypedChoiceField(
        label=_("Rectification request answered"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, rectification_requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        if rectification_requests:
            choice_field(self, "rights_request").choices = [
                ("", "—"),
                *[
                    (
                        r.pk,
                        _("Request no. %(id)s received on %(date)s")
                        % {"id": r.pk, "date": r.received_on.strftime("%d/%m/%Y")},
                    )
                    for r in rectification_requests
                ],
            ]
        else:
            del self.fields["rights_request"]


class MemberForm(PersonForm):
    relationship = forms.ChoiceField(
        label=_("Relationship to the reference person"),
        choices=[(v, label) for v, label in Relationship.choices if v != Relationship.REFERENCE],
    )
    joined_on = DateField(
        label=_("Arrived in the household on"),
        required=False,
        help_text=_("Today if left empty."),
    )
    field_order = [
        "relationship",
        "joined_on",
        "birth_name",
        "usage_name",
        "first_names",
        "birth_date",
        "sex",
    ]
