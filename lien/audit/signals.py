"""Logins, logouts and failed logins, which Django announces by signal."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from lien.base.users import AnyUser

from .models import Action
from .services import record


@receiver(user_logged_in)
def _logged_in(sender: type, request: HttpRequest | None, user: AnyUser, **kwargs: Any) -> None:
    record(actor=user, action=Action.LOGIN)


@receiver(user_logged_out)
def _logged_out(
    sender: type, request: HttpRequest | None, user: AnyUser | None, **kwargs: Any
) -> None:
    if user is not None:
        record(actor=user, action=Action.LOGOUT)


@receiver(user_login_failed)
def _login_failed(
    sender: str,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    # The username tried is personal data of an agent and may be a mistyped password:
    # it is not kept.
    record(actor=None, action=Action.LOGIN_FAILED)
