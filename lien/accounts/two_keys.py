"""Two keys: a request written by one person takes effect only when a second person
decides it. Role changes (role_changes.py) and API tokens (api_tokens/services.py) are
both decided this way, by the same rules, written here once:

- only the DPO or an administrator decides (policy.may_approve_role_changes), and a
  request that is not theirs to decide does not exist for them (404);
- a request is decided once, and never by the person who asked for it (nor, for a
  request about a person, by that person);
- the decision keeps who decided, when, and why (a refusal always says why);
- every decision is an event of the audit chain, in the transaction of the service that
  calls these functions (each is under @transaction.atomic).

What differs between the kinds of request (their model, statuses, words and audit
event) is described by a TwoKeyKind; the model carries the fields of
models.TwoKeyRequest.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lien.audit.models import Action
from lien.audit.services import record

from .models import TwoKeyRequest, User
from .policy import may_approve_role_changes

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Request = TypeVar("Request", bound=TwoKeyRequest)


@dataclass(frozen=True)
class TwoKeyKind(Generic[Request]):
    """One kind of request decided under two keys."""

    model: type[Request]
    pending: str
    refused: str
    refused_event: str  # the audit event's object kind
    already_decided: "StrOrPromise"
    own_request: "StrOrPromise"
    refusal_needs_reason: "StrOrPromise"
    # For a request about a person (a `user` field): that person does not decide it.
    about_oneself: "StrOrPromise | None" = None

    def pending_for_decision(self, actor: User, pk: int) -> Request:
        """The request, locked, once the actor may decide it."""
        if not may_approve_role_changes(actor):
            raise Http404
        request = self.model._default_manager.select_for_update().filter(pk=pk).first()
        if request is None:
            raise Http404
        if request.status != self.pending:
            raise ValidationError(self.already_decided)
        if request.requested_by_id == actor.pk:
            raise ValidationError(self.own_request)
        if self.about_oneself is not None and getattr(request, "user_id", None) == actor.pk:
            raise ValidationError(self.about_oneself)
        return request

    def refuse(self, actor: User, pk: int, reason: str) -> Request:
        """The second key says no, and why; nothing else changes."""
        request = self.pending_for_decision(actor, pk)
        if not (reason or "").strip():
            raise ValidationError({"note": self.refusal_needs_reason})
        decide(request, actor=actor, status=self.refused, reason=reason)
        request.save()
        record(
            actor=actor,
            action=Action.UPDATE,
            object_kind=self.refused_event,
            object_id=request.pk,
            office_id=getattr(request, "office_id", None),
            reason=request.decision_reason,
        )
        return request


def decide(request: TwoKeyRequest, *, actor: User, status: str, reason: str = "") -> None:
    """Writes the decision on the request (the caller saves it, with its own changes)."""
    request.status = status
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = (reason or "").strip()
