"""Optional single sign-on through OpenID Connect (e.g. ProConnect for public agents),
active only when its environment variables are set (config/settings/base.py).

An account is found by the `sub` the provider gives, stored on the account by an
administrator: never by e-mail, and no account is ever created from the provider's
answer. Entitlement to Lien (roles, offices) stays a local decision. Where two factors
are required, the `acr` of the verified ID token must name a multi-factor level
(LIEN_OIDC_MFA_ACR_VALUES); otherwise the agent still enters Lien's own second factor.
"""

from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .middleware import SSO_SECOND_FACTOR, before_second_factor
from .models import User

Claims = dict[str, Any]
View = Callable[[HttpRequest], HttpResponseBase]


# mozilla-django-oidc ships no type information: its backend is Any to the type checker.
class LienOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def verify_claims(self, claims: Claims) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: Claims) -> QuerySet[User]:
        return User.objects.filter(oidc_sub=claims["sub"], is_active=True)

    def create_user(self, claims: Claims) -> None:
        return None  # accounts are created in Lien, by its administrators

    def update_user(self, user: User, claims: Claims) -> User:
        return user  # names and e-mail stay as Lien's administrators set them

    def get_or_create_user(self, access_token: str, id_token: str, payload: Claims) -> User | None:
        user_info = self.get_userinfo(access_token, id_token, payload)
        if user_info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo and ID token name different subjects")
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and payload.get("acr") in settings.LIEN_OIDC_MFA_ACR_VALUES:
            self.request.session[SSO_SECOND_FACTOR] = True
        return user


def _only_when_enabled(view: View) -> View:
    def wrapped(request: HttpRequest) -> HttpResponseBase:
        if not settings.LIEN_OIDC_ENABLED:
            raise Http404
        return view(request)

    wrapped.login_required = False  # type: ignore[attr-defined]  # read by LoginRequiredMiddleware
    return before_second_factor(wrapped)


def _views() -> ModuleType:
    return import_module("mozilla_django_oidc.views")


def _authentication_request(request: HttpRequest) -> HttpResponseBase:
    response: HttpResponseBase = _views().OIDCAuthenticationRequestView.as_view()(request)
    return response


def _authentication_callback(request: HttpRequest) -> HttpResponseBase:
    response: HttpResponseBase = _views().OIDCAuthenticationCallbackView.as_view()(request)
    return response


authentication_request = _only_when_enabled(_authentication_request)
authentication_callback = _only_when_enabled(_authentication_callback)
