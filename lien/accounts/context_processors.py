from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from .pending_forms import take_pending_form


def security(request: HttpRequest) -> dict[str, bool]:
    return {
        "otp_disabled": not settings.LIEN_OTP_REQUIRED,
        "oidc_enabled": getattr(settings, "LIEN_OIDC_ENABLED", False),
    }


def session(request: HttpRequest) -> dict[str, Any]:
    """The idle timeout, for the page's warning before the session ends; and a form
    posted after it ended, to fill in again on the page it came from."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "idle_timeout": settings.LIEN_IDLE_TIMEOUT,
        "keepalive_url": reverse("keep_session"),
        "pending_form": take_pending_form(request),
    }
