"""Reactions to the login signals of Django and django-axes: session bookkeeping, the
audit of a lockout, and telling an account's owner about failed attempts on it
(lockout.py). No business decision is taken here."""

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from lien.audit.models import Action, AuditEvent
from lien.audit.services import record

from . import lockout
from .decorators import mark_fresh
from .models import User


@receiver(user_logged_in)
def _password_just_given(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        mark_fresh(request)


@receiver(user_logged_in)
def _tell_of_failed_attempts(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    notice = lockout.failed_logins_to_tell(user=user)
    if notice is not None and request is not None and hasattr(request, "_messages"):
        messages.warning(request, notice.message())


@receiver(user_login_failed)
def _failed_attempt(
    sender: str,
    credentials: dict[str, Any] | None,
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    lockout.note_failed_login(username=(credentials or {}).get("username"))


@receiver(user_locked_out)
def _locked_out(
    sender: str,
    request: HttpRequest | None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    # The locked account is named by its id (not the username typed), so that the DPO
    # sees which account was attacked; a username that matches no account leaves none.
    locked = User.objects.filter(username=username).values_list("pk", flat=True).first()
    # axes signals every refused attempt while locked: the owner is told once per lock.
    told = (
        locked is not None
        and AuditEvent.objects.filter(
            action=Action.LOCKED_OUT,
            object_id=str(locked),
            at__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
        ).exists()
    )
    record(
        actor=None,
        action=Action.LOCKED_OUT,
        object_kind="user" if locked else "",
        object_id=locked,
    )
    if not told:
        lockout.tell_owner_of_lockout(username=username)
