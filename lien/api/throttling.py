"""Rate limits: per token, and per address for tokens refused. The
counts are kept in Django's cache (per process unless CACHES names a shared one:
docs/admin/api.md)."""

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from lien.accounts.api_tokens.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api_token"

    def get_rate(self) -> str:
        return str(settings.LIEN_API_RATE)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return f"lien-api-token-{request.auth.pk}"


class FailedTokenThrottle(SimpleRateThrottle):
    """Counted by ApiTokenAuthentication on each refused token, by address."""

    scope = "api_failed_token"

    def get_rate(self) -> str:
        return str(settings.LIEN_API_FAILED_TOKEN_RATE)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        return f"lien-api-failed-{self.get_ident(request)}"
