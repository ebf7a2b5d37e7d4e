"""Facts about an agent's own second factor, for the middleware and the pages."""

from django_otp.plugins.otp_totp.models import TOTPDevice


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
