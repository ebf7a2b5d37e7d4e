"""Facts about an agent's own second factor, for the middleware and the pages."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from .types import Actor


def has_second_factor(user: Actor) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())
