"""Reads of the tokens, for the administrators and the DPO (never the digests' use)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from ..policy import Can, can, may_approve_role_changes
from ..types import Actor
from .models import ApiToken, ApiTokenStatus

HISTORY_LENGTH = 50


@dataclass
class TokenBoard:
    to_decide: list[ApiToken]  # others' requests the actor may approve or refuse
    mine: list[ApiToken]  # the actor's own requests awaiting a second person
    working: list[ApiToken]  # approved tokens (expired ones included, marked so)
    history: list[ApiToken]  # refused and revoked
    may_request: bool


def _tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related(
        "client", "requested_by", "decided_by", "revoked_by"
    ).prefetch_related("offices")


def token_board_for(*, actor: Actor) -> TokenBoard:
    may_request = can(actor, Can.MANAGE_ACCOUNTS)
    may_decide = may_approve_role_changes(actor)
    if not (may_request or may_decide):
        raise Http404
    pending = list(_tokens().filter(status=ApiTokenStatus.PENDING).order_by("requested_at"))
    return TokenBoard(
        to_decide=[t for t in pending if may_decide and t.requested_by_id != actor.pk],
        mine=[t for t in pending if t.requested_by_id == actor.pk],
        working=list(_tokens().filter(status=ApiTokenStatus.ACTIVE)),
        history=list(
            _tokens().filter(status__in=(ApiTokenStatus.REFUSED, ApiTokenStatus.REVOKED))[
                :HISTORY_LENGTH
            ]
        ),
        may_request=may_request,
    )
