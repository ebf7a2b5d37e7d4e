from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from lien.base.forms import LienForm, LienFormMixin
from lien.offices.models import Office

from . import credentials
from .models import RoleChangeKind, User
from .roles import Role


class CodeForm(LienForm):
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code of your application, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class EnrolmentCodeForm(LienForm):
    token = forms.CharField(
        label=_("Code shown by the application"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ConfirmIdentityForm(LienForm):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    token = forms.CharField(
        label=_("Code"),
        max_length=20,
        required=False,
        help_text=_("The 6-digit code of your application, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def __init__(self, *args: Any, need_token: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if need_token:
            self.fields["token"].required = True
        else:
            del self.fields["token"]


class RoleChangeForm(LienForm):
    """An administrator's request; a second person decides it."""

    kind = forms.ChoiceField(
        label=_("Change"), choices=RoleChangeKind.choices, widget=forms.RadioSelect
    )
    user = forms.ModelChoiceField(
        label=_("Agent"), queryset=User.objects.filter(is_active=True).order_by("last_name")
    )
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.order_by("name"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this agent needs (or no longer needs) this role: the approver reads it."),
    )


class DecisionNoteForm(LienForm):
    """The second person's decision on a request under two keys (two_keys.py)."""

    note = forms.CharField(
        label=_("Reason for the decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to refuse."),
    )


class DecisionForm(DecisionNoteForm):
    """A role change's decision, which may have to approve a combination of roles."""

    field_order = ["approve_combination", "note"]
    approve_combination = forms.BooleanField(
        label=_("I approve that this agent holds these roles together"), required=False
    )


class LienPasswordMixin(LienFormMixin):
    by_link = False
    if TYPE_CHECKING:
        user: User  # set by Django's password forms, into which this is mixed

    def save(self, commit: bool = True) -> User:
        credentials.set_own_password(
            user=self.user, new_password=self.cleaned_data["new_password1"], by_link=self.by_link
        )
        return self.user


# Django's forms are generic only to the type checker (django-stubs): the parametrised
# bases exist for it alone, the classes run on Django's own.
if TYPE_CHECKING:
    _SetPasswordForm = SetPasswordForm[User]
    _PasswordChangeForm = PasswordChangeForm
    _UserModelForm = forms.ModelForm[User]
else:
    _SetPasswordForm = SetPasswordForm
    _PasswordChangeForm = PasswordChangeForm
    _UserModelForm = forms.ModelForm


class LinkSetPasswordForm(LienPasswordMixin, _SetPasswordForm):
    """The password chosen through the link an administrator sent."""

    by_link = True


class OwnPasswordChangeForm(LienPasswordMixin, _PasswordChangeForm):
    """The agent's own change, from their security page."""


class AccountCreationForm(_UserModelForm):
    """A new account in the configuration site: no password (the agent chooses it through
    the link) and no role (asked for on the roles page, approved by a second person)."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]
