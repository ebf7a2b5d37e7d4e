"""Accounts and passwords. Nobody sets another agent's password: an administrator sends
a link by which the agent chooses their own (Django's password-reset flow), and the agent
changes it from their security page. Every change of a password, of an account's address
or of its being active is an event of the audit chain."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from lien.audit.models import Action, AuditEvent
from lien.audit.services import record

from .models import User
from .policy import Can, can

PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an audit event kind, not a password
PASSWORD_SET_BY_LINK = "password_set_by_link"  # noqa: S105
PASSWORD_SET_FOR_DEMO = "password_set_for_demo"  # noqa: S105
RESET_LINK_SENT = "password_link_sent"
ACCOUNT_CREATED = "account_created"
EMAIL_CHANGED = "account_email_changed"
ACCOUNT_DEACTIVATED = "account_deactivated"
ACCOUNT_REACTIVATED = "account_reactivated"


def _require_manager(actor: User) -> None:
    if not can(actor, Can.MANAGE_ACCOUNTS):
        raise Http404


@transaction.atomic
def create_account(
    *, actor: User | None, username: str, first_name: str, last_name: str, email: str
) -> User:
    """A new account, without a password (the agent sets it through the link) and without
    any role (roles come through an approved request). `actor` is None only for the
    installation's first accounts."""
    if actor is not None:
        _require_manager(actor)
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("An account already has this username.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.save()
    record(actor=actor, action=Action.CREATE, object_kind=ACCOUNT_CREATED, object_id=user.pk)
    return user


@transaction.atomic
def record_account_changes(*, actor: User, user: User, changed: list[str]) -> None:
    """After an administrator saved an account in the configuration site: the changes
    that matter for who can log in as whom are chained."""
    _require_manager(actor)
    if "email" in changed:
        record(actor=actor, action=Action.UPDATE, object_kind=EMAIL_CHANGED, object_id=user.pk)
    if "is_active" in changed:
        kind = ACCOUNT_REACTIVATED if user.is_active else ACCOUNT_DEACTIVATED
        record(actor=actor, action=Action.UPDATE, object_kind=kind, object_id=user.pk)


def _changed_the_address_since_last_login(actor: User, user: User) -> bool:
    events = AuditEvent.objects.filter(
        actor=actor, object_kind=EMAIL_CHANGED, object_id=str(user.pk)
    )
    if user.last_login is not None:
        events = events.filter(at__gte=user.last_login)
    return events.exists()


def _send_link(user: User, request: HttpRequest | None = None) -> None:
    if request is not None:
        protocol = "https" if request.is_secure() else "http"
        domain = request.get_host()
    else:
        protocol, _sep, domain = settings.LIEN_BASE_URL.partition("://")
    context = {
        "email": user.email,
        "domain": domain.rstrip("/"),
        "site_name": "Lien",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    PasswordResetForm().send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.txt",
        context,
        None,
        user.email,
    )


@transaction.atomic
def send_password_link(
    *, actor: User | None, user_id: int, request: HttpRequest | None = None
) -> None:
    """Sends the agent a link to choose their password (valid PASSWORD_RESET_TIMEOUT).

    Refused when the administrator changed that account's address themselves since the
    agent last logged in (except for an account that never logged in, whose address the
    administrator has just typed): otherwise whoever changes the address receives the
    link and takes over the account. Another administrator then sends it."""
    if actor is not None:
        _require_manager(actor)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Http404
    if not user.email:
        raise ValidationError(
            _("%(agent)s has no e-mail address: add one first.") % {"agent": user}
        )
    if not user.is_active:
        raise ValidationError(_("%(agent)s's account is deactivated.") % {"agent": user})
    if (
        actor is not None
        and actor.pk != user.pk
        and user.last_login is not None
        and _changed_the_address_since_last_login(actor, user)
    ):
        raise ValidationError(
            _(
                "You changed %(agent)s's e-mail address yourself: another administrator must send the link."
            )
            % {"agent": user}
        )
    _send_link(user, request)
    record(actor=actor, action=Action.UPDATE, object_kind=RESET_LINK_SENT, object_id=user.pk)


@transaction.atomic
def set_own_password(*, user: User, new_password: str, by_link: bool) -> None:
    """The agent's own new password, from their security page or from the link. The
    form has already checked it against the password rules."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record(
        actor=user,
        action=Action.UPDATE,
        object_kind=PASSWORD_SET_BY_LINK if by_link else PASSWORD_CHANGED,
        object_id=user.pk,
    )


@transaction.atomic
def set_demo_password(*, user: User, password: str) -> None:
    """The demo's published password. Refused outside the demo settings."""
    from .role_changes import demo_allowed

    if not demo_allowed():
        raise ValidationError(_("Demo accounts are refused outside the demo settings."))
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=None, action=Action.UPDATE, object_kind=PASSWORD_SET_FOR_DEMO, object_id=user.pk)
