from django.conf import settings
from django.http import HttpRequest


def security(request: HttpRequest) -> dict[str, bool]:
    return {
        "otp_disabled": not settings.LIEN_OTP_REQUIRED,
        "oidc_enabled": getattr(settings, "LIEN_OIDC_ENABLED", False),
    }
