from django import forms
from django.utils.translation import gettext_lazy as _

from lien.web.forms import LienForm


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

    def __init__(self, *args, need_token: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if need_token:
            self.fields["token"].required = True
        else:
            del self.fields["token"]
