"""Tokens under two keys. An administrator asks for a token (a client, its scopes, its
offices, an expiry, a reason) and is shown the token once; it works only after the DPO
or another administrator approved it. Nobody approves their own request. Any
administrator may revoke a token at once. Every step is an event of the audit chain,
written in the same transaction as the change."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lien.audit.models import Action
from lien.audit.services import record
from lien.offices.models import Office

from ..credentials import ACCOUNT_CREATED
from ..models import User
from ..policy import Can, can, may_approve_role_changes
from ..two_keys import TwoKeyKind, decide
from .digests import TOKEN_PREFIX, digest_of
from .models import ApiClient, ApiScope, ApiToken, ApiTokenStatus

# The object kinds of the audit events about tokens (the DPO's dashboard names them).
REQUESTED = "api_token_requested"
APPROVED = "api_token_approved"
REFUSED = "api_token_refused"
REVOKED = "api_token_revoked"
REFUSED_USE = "api_token_refused_use"
TOKEN_EVENT_KINDS = frozenset({REQUESTED, APPROVED, REFUSED, REVOKED, REFUSED_USE})

# A token lives a year at most: a forgotten one stops by itself.
LONGEST_LIFE = timedelta(days=366)


@dataclass
class IssuedToken:
    token: ApiToken
    secret: str  # shown once to the administrator, never stored


def _client_for(actor: User, name: str) -> ApiClient:
    existing = ApiClient.objects.filter(name=name).first()
    if existing is not None:
        return existing
    base = "api-" + (slugify(name)[:60] or "client")
    username = base
    counter = 1
    while User.objects.filter(username=username).exists():
        counter += 1
        username = f"{base}-{counter}"
    # An account with no password and no role: it never logs in to the pages.
    account = User(username=username, last_name=name[:150])
    account.set_unusable_password()
    account.save()
    record(actor=actor, action=Action.CREATE, object_kind=ACCOUNT_CREATED, object_id=account.pk)
    return ApiClient.objects.create(name=name, account=account)


@transaction.atomic
def request_api_token(
    *,
    actor: User,
    client_name: str,
    scopes: list[str],
    office_ids: list[int],
    all_offices: bool,
    expires_at: datetime,
    reason: str,
) -> IssuedToken:
    """An administrator asks for a token; it is shown once and works after approval."""
    if not can(actor, Can.MANAGE_ACCOUNTS):
        raise Http404
    errors: dict[str, str] = {}
    name = (client_name or "").strip()
    if not name:
        errors["client_name"] = _("Name the system that will use this token.")
    if not scopes or any(s not in ApiScope.values for s in scopes):
        errors["scopes"] = _("Choose what the token opens.")
    offices = list(Office.objects.filter(pk__in=office_ids))
    office_scoped = {ApiScope.STATISTICS, ApiScope.AID} & set(scopes)
    if office_scoped and not (all_offices or offices):
        errors["offices"] = _("Choose the offices whose data the token opens.")
    if all_offices and ApiScope.AID in scopes:
        errors["offices"] = _(
            "Aid decisions are given office by office: choose the offices, not every office."
        )
    now = timezone.now()
    if expires_at <= now:
        errors["expires_at"] = _("The expiry date must be in the future.")
    elif expires_at > now + LONGEST_LIFE:
        errors["expires_at"] = _("A token lives one year at most.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why this system needs the API.")
    if errors:
        raise ValidationError(errors)
    client = _client_for(actor, name)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        client=client,
        prefix=secret[: len(TOKEN_PREFIX) + 8],
        digest=digest_of(secret),
        scopes=sorted(set(scopes)),
        all_offices=all_offices,
        expires_at=expires_at,
        reason=reason.strip(),
        requested_by=actor,
    )
    token.offices.set(offices)
    record(
        actor=actor,
        action=Action.CREATE,
        object_kind=REQUESTED,
        object_id=token.pk,
        reason=token.reason,
    )
    return IssuedToken(token, secret)


TOKENS = TwoKeyKind(
    model=ApiToken,
    pending=ApiTokenStatus.PENDING,
    refused=ApiTokenStatus.REFUSED,
    refused_event=REFUSED,
    already_decided=gettext_lazy("This token has already been decided."),
    own_request=gettext_lazy(
        "You asked for this token yourself: a second person must approve or refuse it."
    ),
    refusal_needs_reason=gettext_lazy("Say why you refuse this token."),
)


@transaction.atomic
def approve_api_token(*, actor: User, token_id: int, note: str = "") -> ApiToken:
    """The second key: the token works from now until it expires or is revoked."""
    token = TOKENS.pending_for_decision(actor, token_id)
    if token.is_expired:
        raise ValidationError(_("This token has expired before it was approved."))
    decide(token, actor=actor, status=ApiTokenStatus.ACTIVE, reason=note)
    token.save()
    record(actor=actor, action=Action.UPDATE, object_kind=APPROVED, object_id=token.pk)
    return token


@transaction.atomic
def refuse_api_token(*, actor: User, token_id: int, reason: str) -> ApiToken:
    return TOKENS.refuse(actor, token_id, reason)


@transaction.atomic
def revoke_api_token(*, actor: User, token_id: int) -> ApiToken:
    """Stops a token at once (one key is enough to stop, two are needed to start)."""
    if not (can(actor, Can.MANAGE_ACCOUNTS) or may_approve_role_changes(actor)):
        raise Http404
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise Http404
    if token.status in (ApiTokenStatus.REVOKED, ApiTokenStatus.REFUSED):
        raise ValidationError(_("This token no longer works already."))
    token.status = ApiTokenStatus.REVOKED
    token.revoked_by = actor
    token.revoked_at = timezone.now()
    token.save()
    record(actor=actor, action=Action.UPDATE, object_kind=REVOKED, object_id=token.pk)
    return token
