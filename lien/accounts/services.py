"""Writes on an agent's own security settings: the second factor and the confirmation of
identity before a sensitive act. Each acts on the actor's own account only, and leaves
its audit event in the same transaction.

A failed code must leave its trace even though nothing else is written, so the
verifications return a result instead of raising inside the transaction.
"""

from dataclasses import dataclass

from axes.utils import reset
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lien.audit.models import Action
from lien.audit.services import record

from . import credentials
from .devices import has_second_factor
from .models import User
from .policy import Can, can

BACKUP_CODE_COUNT = 10
_BACKUP_DEVICE_NAME = "backup"


def _may_enrol(actor: User, verified: bool) -> None:
    """Whoever knows only the password must not replace the authenticator: once one is
    set up, a new one needs the second factor passed in this session."""
    if has_second_factor(actor) and not verified:
        raise PermissionDenied


@transaction.atomic
def start_totp_enrolment(*, actor: User, verified: bool) -> TOTPDevice:
    """A new, unconfirmed authenticator secret for the actor (any earlier unconfirmed one
    is dropped). It counts only once confirmed with a code it produced."""
    _may_enrol(actor, verified)
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)
    record(actor=actor, action=Action.UPDATE, object_kind="totp_device", object_id=device.pk)
    return device


def _new_backup_codes(actor: User) -> list[str]:
    StaticDevice.objects.filter(user=actor).delete()
    device = StaticDevice.objects.create(user=actor, name=_BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@dataclass
class Enrolment:
    device: TOTPDevice | None
    backup_codes: list[str]


@transaction.atomic
def confirm_totp_enrolment(*, actor: User, token: str, verified: bool) -> Enrolment:
    """Confirms the pending authenticator with a code it shows; replaces any earlier
    one, and issues a fresh set of backup codes (shown once)."""
    _may_enrol(actor, verified)
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-id").first()
    if device is None:
        raise ValidationError(_("Start the set-up again: no authenticator is waiting."))
    if not device.verify_token((token or "").replace(" ", "")):
        raise ValidationError(
            {"token": _("This code is not the one your application shows. Try the next one.")}
        )
    TOTPDevice.objects.filter(user=actor).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(actor)
    record(actor=actor, action=Action.TWO_FACTOR_ENROLLED, object_kind="totp_device")
    return Enrolment(device, codes)


@transaction.atomic
def regenerate_backup_codes(*, actor: User) -> list[str]:
    """A new set of backup codes; the old ones stop working."""
    if not has_second_factor(actor):
        raise ValidationError(_("Set up two-factor authentication first."))
    codes = _new_backup_codes(actor)
    record(actor=actor, action=Action.UPDATE, object_kind="backup_codes")
    return codes


@transaction.atomic
def verify_second_factor(*, actor: User, token: str) -> Device | None:
    """The device that accepts the code (the authenticator, or a backup code, which is
    then used up), or None. Both outcomes are audited."""
    token = (token or "").replace(" ", "").strip()
    device = None
    if token:
        for totp in TOTPDevice.objects.filter(user=actor, confirmed=True):
            if totp.verify_token(token):
                device = totp
                break
        if device is None:
            for static in StaticDevice.objects.filter(user=actor, confirmed=True):
                if static.verify_token(token.lower()):
                    device = static
                    break
    if device is None:
        record(actor=actor, action=Action.TWO_FACTOR_FAILED)
    elif isinstance(device, StaticDevice):
        record(
            actor=actor,
            action=Action.BACKUP_CODE_USED,
            result_count=device.token_set.count(),
        )
    else:
        record(actor=actor, action=Action.TWO_FACTOR_PASSED)
    return device


@transaction.atomic
def confirm_identity(*, actor: User, password: str, token: str = "", need_token: bool) -> bool:
    """Before a sensitive act: the actor's password again (and a code when two factors
    are required). Audited either way."""
    ok = bool(password) and actor.check_password(password)
    if ok and need_token:
        ok = verify_second_factor(actor=actor, token=token) is not None
    record(
        actor=actor,
        action=Action.REAUTHENTICATED if ok else Action.REAUTHENTICATION_FAILED,
        object_kind="identity",
    )
    return ok


def _managed_account(actor: User, user_id: int) -> User:
    if not can(actor, Can.MANAGE_ACCOUNTS):
        raise Http404
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    return user


@transaction.atomic
def reset_second_factor(*, actor: User, user_id: int) -> None:
    """For an agent who lost their phone and their backup codes: removes their
    authenticator and codes; they set up new ones at their next login. The administrator
    checks the agent's identity first (docs/admin/security.md)."""
    user = _managed_account(actor, user_id)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(
        actor=actor,
        action=Action.UPDATE,
        object_kind="second_factor_reset",
        object_id=user.pk,
    )


@transaction.atomic
def unlock_account(*, actor: User, user_id: int) -> int:
    """Lifts a lockout before its cool-off ends. Returns the failed attempts cleared."""
    user = _managed_account(actor, user_id)
    cleared: int = reset(username=user.username)
    record(
        actor=actor,
        action=Action.UPDATE,
        object_kind="account_unlocked",
        object_id=user.pk,
        result_count=cleared,
    )
    return cleared


@transaction.atomic
def deactivate_account(*, actor: User, user_id: int) -> User:
    """The agent left (the identity system says so): the account can no longer log in,
    and is kept, so that the audit log keeps naming who did what. Their roles stay
    recorded; an administrator removes them under two keys if the agent comes back."""
    user = _managed_account(actor, user_id)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    record(
        actor=actor,
        action=Action.UPDATE,
        object_kind=credentials.ACCOUNT_DEACTIVATED,
        object_id=user.pk,
    )
    return user
