"""Lockout that cannot be turned against a colleague.

django-axes locks a username *from one address* (AXES_LOCKOUT_PARAMETERS): whoever types
a colleague's username wrongly from their own workstation locks only that pair, and the
colleague still logs in from theirs. The owner of the account is told: by e-mail when
it is locked, and at their next login by a notice with how many passwords were wrong and
when. (Behind a reverse proxy, `client_address` reads the address the proxy saw:
LIEN_PROXY_COUNT, docs/admin/security.md.)
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import FailedLogin, User

KEPT_PER_ACCOUNT = 1000


def client_address(request: HttpRequest) -> str | None:
    """The client's address, for the lockout: REMOTE_ADDR, or behind LIEN_PROXY_COUNT
    trusted proxies the address the outermost of them saw (X-Forwarded-For is read from
    the right, since a client may put anything on its left)."""
    proxies = settings.LIEN_PROXY_COUNT
    if proxies > 0:
        forwarded: list[str] = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


def _account(username: str | None) -> User | None:
    if not username:
        return None
    return User.objects.filter(username=username, is_active=True).first()


@transaction.atomic
def note_failed_login(*, username: str | None) -> None:
    """Kept for the owner's notice. A username that matches no account leaves nothing."""
    user = _account(username)
    # Bounded: the notice needs a count and two dates, not an unbounded table that
    # attempts on a dormant account would fill.
    if user is not None and FailedLogin.objects.filter(user=user).count() < KEPT_PER_ACCOUNT:
        FailedLogin.objects.create(user=user)


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def tell_owner_of_lockout(*, username: str | None) -> bool:
    """An e-mail to the account's owner: their account is locked from one address. Sent
    in the installation's language (the agent is not logged in to have chosen one)."""
    user = _account(username)
    if user is None or not user.email:
        return False
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Lien: your account was locked after failed logins")
        body = _(
            "Hello,\n\nOn %(when)s, %(count)s wrong passwords were typed for your Lien account (%(username)s) from one workstation. Logins to your account from that workstation are refused for %(minutes)s minutes; from your own workstation you can still log in.\n\nIf it was not you, tell your administrator and your data-protection officer."
        ) % {
            "when": _when(timezone.now()),
            "count": settings.AXES_FAILURE_LIMIT,
            "username": user.username,
            "minutes": minutes,
        }
    send_mail(subject, body, None, [user.email], fail_silently=True)
    return True


@dataclass
class FailedLoginsNotice:
    count: int
    first: datetime
    last: datetime

    def message(self) -> str:
        return ngettext(
            "Since your last login, %(count)s wrong password was typed for your account, on %(last)s. If it was not you, tell your administrator.",
            "Since your last login, %(count)s wrong passwords were typed for your account, from %(first)s to %(last)s. If it was not you, tell your administrator.",
            self.count,
        ) % {"count": self.count, "first": _when(self.first), "last": _when(self.last)}


@transaction.atomic
def failed_logins_to_tell(*, user: User) -> FailedLoginsNotice | None:
    """The failed attempts since the owner's previous login, told once: then forgotten."""
    attempts = list(FailedLogin.objects.filter(user=user).values_list("at", flat=True))
    if not attempts:
        return None
    FailedLogin.objects.filter(user=user).delete()
    return FailedLoginsNotice(len(attempts), min(attempts), max(attempts))
