"""Optional single sign-on through OpenID Connect (e.g. ProConnect for public agents),
active only when its environment variables are set (config/settings/base.py).

An account is found by the `sub` the provider gives, stored on the account by an
administrator: never by e-mail, and no account is ever created from the provider's
answer. Entitlement to Lien (roles, offices) stays a local decision. Where two factors
are required, the `acr` of the verified ID token must name a multi-factor level
(LIEN_OIDC_MFA_ACR_VALUES); otherwise the agent still enters Lien's own second factor.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .middleware import SSO_SECOND_FACTOR, before_second_factor


class LienOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(oidc_sub=claims["sub"], is_active=True)

    def create_user(self, claims):
        return None  # accounts are created in Lien, by its administrators

    def update_user(self, user, claims):
        return user  # names and e-mail stay as Lien's administrators set them

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        if user_info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo and ID token name different subjects")
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and payload.get("acr") in settings.LIEN_OIDC_MFA_ACR_VALUES:
            self.request.session[SSO_SECOND_FACTOR] = True
        return user


def _only_when_enabled(view):
    def wrapped(request, *args, **kwargs):
        if not settings.LIEN_OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.login_required = False
    return before_second_factor(wrapped)


def _views():
    from mozilla_django_oidc import views

    return views


def authentication_request(request):
    return _views().OIDCAuthenticationRequestView.as_view()(request)


def authentication_callback(request):
    return _views().OIDCAuthenticationCallbackView.as_view()(request)


authentication_request = _only_when_enabled(authentication_request)
authentication_callback = _only_when_enabled(authentication_callback)
