"""Each view names the family of endpoints it belongs to (`api_scope`); a token opens
only the families it was given. A view that names none is refused to every token, so an
endpoint cannot be left open by forgetting it."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from lien.accounts.api_tokens.models import ApiToken


class TokenScope(BasePermission):
    message = _("This token does not open this part of the API.")

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False
        scope = getattr(view, "api_scope", None)
        return scope is not None and scope in token.scopes
