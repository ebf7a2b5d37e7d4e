"""A client presents its token as `Authorization: Bearer lien_…`."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from lien.accounts.api_tokens import authentication

from .throttling import FailedTokenThrottle


class ApiTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            presented = header[1].decode("ascii")
        except UnicodeDecodeError:
            presented = ""
        found = authentication.authenticate(presented)
        if found is None:
            # DRF throttles after authentication: the failures are counted here, by
            # address, so that guessing tokens is slowed down as well.
            throttle = FailedTokenThrottle()
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(throttle.wait())
            # One answer for an unknown, expired, revoked or not yet approved token: the
            # caller learns nothing about tokens it does not hold.
            raise exceptions.AuthenticationFailed(
                _("This token does not work: unknown, expired, revoked or not yet approved.")
            )
        return found

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="lien"'
