"""Who calls the API: the token presented, checked against the digests kept, and what it
lets its client do, handed to the policy as capabilities (never as roles)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.audit.models import Action
from lien.audit.services import record
from lien.offices.models import Office

from ..models import User
from ..policy import API_ANY_OFFICE, Can, act_through_api
from .digests import TOKEN_PREFIX, digest_of
from .models import ApiScope, ApiToken, ApiTokenStatus
from .services import REFUSED_USE

# What each family of endpoints lets the client do in the token's offices. The
# organisation-wide capabilities are given under API_ANY_OFFICE.
_OFFICE_CAPABILITIES: dict[str, frozenset[Can]] = {
    ApiScope.STATISTICS: frozenset({Can.VIEW_OFFICE_STATISTICS}),
    ApiScope.AID: frozenset({Can.VIEW_SOCIAL}),
}
_ORGANISATION_CAPABILITIES: dict[str, frozenset[Can]] = {
    ApiScope.CATALOG: frozenset({Can.READ_REGISTER}),
    ApiScope.ACCOUNTS: frozenset({Can.MANAGE_ACCOUNTS}),
    # A batch gathers every office's orders, as for the committee secretary.
    ApiScope.PAYMENTS: frozenset({Can.ORDER_PAYMENTS}),
}


def capabilities_of(token: ApiToken) -> dict[int, frozenset[Can]]:
    """{office id (or API_ANY_OFFICE): capabilities} that the token's scopes give."""
    office_ids = [o.pk for o in token.offices.all()]
    if token.all_offices:
        office_ids = list(Office.objects.values_list("pk", flat=True))
    grants: dict[int, set[Can]] = {}
    for scope in token.scopes:
        for office_id in office_ids:
            grants.setdefault(office_id, set()).update(_OFFICE_CAPABILITIES.get(scope, ()))
        grants.setdefault(API_ANY_OFFICE, set()).update(_ORGANISATION_CAPABILITIES.get(scope, ()))
        if scope == ApiScope.STATISTICS and token.all_offices:
            # Every office: the département's tables too, as a statistician sees them.
            grants[API_ANY_OFFICE].add(Can.VIEW_ALL_STATISTICS)
    return {office_id: frozenset(caps) for office_id, caps in grants.items() if caps}


def authenticate(presented: str) -> tuple[User, ApiToken] | None:
    """The client's account, ready to act with the token's capabilities, or None. A
    known token that no longer works (or not yet) leaves an event in the audit chain; an
    unknown one does not (anyone may send garbage, and the throttle stops a flood)."""
    if not presented.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("client__account")
        .prefetch_related("offices")
        .filter(digest=digest_of(presented))
        .first()
    )
    if token is None:
        return None
    account = token.client.account
    if not token.is_usable or not account.is_active:
        with transaction.atomic():
            record(
                actor=account,
                action=Action.LOGIN_FAILED,
                object_kind=REFUSED_USE,
                object_id=token.pk,
                reason=_why_refused(token),
            )
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # At most one write a minute per token, not one per request.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    act_through_api(account, capabilities_of(token))
    return account, token


def _why_refused(token: ApiToken) -> str:
    """In words, for the log's reader."""
    if token.status == ApiTokenStatus.PENDING:
        return _("token not yet approved")
    if token.status == ApiTokenStatus.REVOKED:
        return _("token revoked")
    if token.status == ApiTokenStatus.REFUSED:
        return _("token refused")
    if token.is_expired:
        return _("token expired")
    return _("client's account deactivated")
