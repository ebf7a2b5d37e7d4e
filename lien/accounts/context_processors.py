from django.conf import settings


def security(request):
    return {
        "otp_disabled": not settings.LIEN_OTP_REQUIRED,
        "oidc_enabled": getattr(settings, "LIEN_OIDC_ENABLED", False),
    }
