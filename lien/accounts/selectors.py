"""Reads of the role-change requests, for the requester and the approver."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from .models import RoleChange, RoleChangeStatus
from .policy import Can, can, may_approve_role_changes
from .types import Actor

HISTORY_LENGTH = 50


@dataclass
class RoleChangeBoard:
    to_decide: list[RoleChange]  # others' requests that the actor may approve or refuse
    mine: list[RoleChange]  # the actor's own requests awaiting a decision
    waiting_for_others: list[RoleChange]  # requests the actor may not decide (about them)
    history: list[RoleChange]
    may_request: bool


def _requests() -> QuerySet[RoleChange]:
    return RoleChange.objects.select_related("user", "office", "requested_by", "decided_by")


def role_change_board(*, actor: Actor) -> RoleChangeBoard:
    may_request = can(actor, Can.MANAGE_ACCOUNTS)
    if not (may_request or may_approve_role_changes(actor)):
        raise Http404
    pending = list(_requests().filter(status=RoleChangeStatus.PENDING).order_by("requested_at"))
    may_decide = may_approve_role_changes(actor)
    return RoleChangeBoard(
        to_decide=[
            c for c in pending if may_decide and actor.pk not in (c.requested_by_id, c.user_id)
        ],
        mine=[c for c in pending if c.requested_by_id == actor.pk],
        waiting_for_others=[
            c for c in pending if c.user_id == actor.pk and c.requested_by_id != actor.pk
        ],
        history=list(_requests().exclude(status=RoleChangeStatus.PENDING)[:HISTORY_LENGTH]),
        may_request=may_request,
    )
