"""The committee secretary's acts: prepare a session (its scheme, date and members),
put submitted requests of every office on its agenda, record each decision taken in
session, and close the session. A decision is never recorded by the worker who
instructed the request; a refusal or a partial grant gives its reasons from the
scheme's list; an adjournment says which documents are awaited."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.base.fields import format_euros

from .. import statistics
from ..aid.models import AidRequest, AidStatus
from ..documents.models import DocumentKind
from ..schemes import rules as scheme_rules
from ..schemes.models import AidScheme, ReasonKind
from .models import AgendaEntry, AgendaOutcome, CommitteeSession


def _require_secretary(actor: User) -> None:
    """Committees are the département's: the role counts wherever it is held. Anyone
    else answers 404, as for what does not exist."""
    if not can(actor, Can.RUN_COMMITTEES):
        raise Http404


@transaction.atomic
def create_session(
    *, actor: User, scheme_id: int, held_on: date, member_ids: list[int]
) -> CommitteeSession:
    _require_secretary(actor)
    scheme = AidScheme.objects.filter(pk=scheme_id).select_related("aid_type").first()
    if scheme is None or not scheme.goes_to_committee:
        raise ValidationError(
            {"scheme": _("Choose a scheme whose aid is decided in committee.")}, code="scheme"
        )
    if not member_ids:
        raise ValidationError({"members": _("Name the members of the committee.")}, code="members")
    members = list(User.objects.filter(pk__in=member_ids, is_active=True))
    if len(members) != len(set(member_ids)):
        raise ValidationError({"members": _("A member is not an active agent.")}, code="members")
    session = CommitteeSession.objects.create(scheme=scheme, held_on=held_on, created_by=actor)
    session.members.set(members)
    record(actor=actor, action=Action.CREATE, object_kind="committeesession", object_id=session.pk)
    return session


def _open_session(actor: User, session_id: int) -> CommitteeSession:
    _require_secretary(actor)
    session = (
        CommitteeSession.objects.select_for_update()
        .select_related("scheme__aid_type")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    if not session.is_open:
        raise ValidationError(_("This session is closed."), code="closed")
    return session


@transaction.atomic
def put_on_agenda(*, actor: User, session_id: int, aid_request_id: int) -> AgendaEntry:
    """A submitted request of the session's scheme, from any office, not already waiting
    on another open session's agenda."""
    session = _open_session(actor, session_id)
    aid = AidRequest.objects.select_related("casefile").filter(pk=aid_request_id).first()
    if aid is None or aid.aid_type_id != session.scheme.aid_type_id:
        raise Http404
    if aid.status != AidStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted request can be put on a committee's agenda."), code="status"
        )
    waiting = AgendaEntry.objects.filter(
        aid_request=aid, outcome=AgendaOutcome.PENDING, session__closed_at__isnull=True
    )
    if waiting.exists():
        raise ValidationError(
            _("This request is already on the agenda of a session."), code="on_agenda"
        )
    entry = AgendaEntry.objects.create(session=session, aid_request=aid)
    record_for_file(actor=actor, action=Action.CREATE, casefile=aid.casefile, obj=entry)
    return entry


@dataclass(frozen=True)
class SessionDecision:
    """What the committee decided on one request, as the secretary types it."""

    outcome: str
    amount_granted: Decimal | None = None
    reason_ids: list[int] = field(default_factory=list)
    reason_text: str = ""
    missing_documents: list[str] = field(default_factory=list)


_STATUS_OF = {
    AgendaOutcome.GRANTED: AidStatus.GRANTED,
    AgendaOutcome.PARTIAL: AidStatus.GRANTED,
    AgendaOutcome.REFUSED: AidStatus.REFUSED,
    AgendaOutcome.WITHDRAWN: AidStatus.WITHDRAWN,
}
_NEEDS_REASONS: dict[str, ReasonKind] = {
    AgendaOutcome.REFUSED: ReasonKind.REFUSAL,
    AgendaOutcome.PARTIAL: ReasonKind.PARTIAL,
}


def _check(entry: AgendaEntry, decision: SessionDecision) -> tuple[Decimal | None, list]:
    """The decision against the request and the scheme's rules; every fault said next
    to its field. Returns the amount granted and the reasons chosen."""
    aid, scheme = entry.aid_request, entry.session.scheme
    if decision.outcome not in AgendaOutcome.values or decision.outcome == AgendaOutcome.PENDING:
        raise ValidationError({"outcome": _("Choose the decision.")}, code="outcome")
    amount = None
    if decision.outcome == AgendaOutcome.GRANTED:
        amount = aid.amount_requested
    elif decision.outcome == AgendaOutcome.PARTIAL:
        amount = decision.amount_granted
        if amount is None or not Decimal(0) < Decimal(amount) < aid.amount_requested:
            raise ValidationError(
                {
                    "amount_granted": _(
                        "A partial grant is more than zero and less than the amount "
                        "requested (%(requested)s)."
                    )
                    % {"requested": format_euros(aid.amount_requested)}
                },
                code="amount",
            )
    scheme_rules.check_ceiling(scheme, amount, "amount_granted")
    reasons = []
    kind = _NEEDS_REASONS.get(decision.outcome)
    if kind is not None:
        reasons = list(
            scheme.reasons.filter(kind=kind, in_use=True, pk__in=decision.reason_ids).order_by(
                "code", "pk"
            )
        )
        if not reasons or len(reasons) != len(set(decision.reason_ids)):
            raise ValidationError(
                {
                    "reasons": _(
                        "Choose the reasons from the scheme's list: a refusal or a partial "
                        "grant must state them."
                    )
                },
                code="reasons",
            )
    if decision.outcome == AgendaOutcome.ADJOURNED:
        wanted = decision.missing_documents
        if not wanted or set(wanted) - set(DocumentKind.values):
            raise ValidationError(
                {"missing_documents": _("Say which documents the committee waits for.")},
                code="missing_documents",
            )
    return amount, reasons


def _reasons_in_words(reasons: list, text: str) -> str:
    words = "; ".join(reason.text for reason in reasons)
    if text:
        words = f"{words}. {text}" if words else text
    return words


@transaction.atomic
def record_session_decision(
    *, actor: User, entry_id: int, decision: SessionDecision
) -> AgendaEntry:
    entry = (
        AgendaEntry.objects.select_related(
            "session__scheme__aid_type", "aid_request__casefile", "aid_request__aid_type"
        )
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        _require_secretary(actor)
        raise Http404
    session = _open_session(actor, entry.session_id)
    aid = entry.aid_request
    if aid.created_by_id == actor.pk:
        raise PermissionDenied(
            _("The worker who instructed a request does not record the committee's decision.")
        )
    if entry.outcome != AgendaOutcome.PENDING or aid.status != AidStatus.SUBMITTED:
        raise ValidationError(_("This request was already decided."), code="decided")
    if session.held_on > timezone.localdate():
        raise ValidationError(
            _("The decisions are recorded once the session has been held."), code="early"
        )
    amount, reasons = _check(entry, decision)
    text = decision.reason_text.strip()
    entry.outcome, entry.amount_granted, entry.reason_text = decision.outcome, amount, text
    entry.missing_documents = list(decision.missing_documents)
    entry.decided_by, entry.decided_at = actor, timezone.now()
    entry.save()
    entry.reasons.set(reasons)
    if decision.outcome in _STATUS_OF:
        aid.status = _STATUS_OF[AgendaOutcome(decision.outcome)]
        aid.decided_on, aid.amount_granted = session.held_on, amount
        aid.refusal_reason = _reasons_in_words(reasons, text)
        aid.version += 1
        aid.save()
        if aid.status != AidStatus.WITHDRAWN:
            # The first reason in the scheme's order stands for the refusal's family.
            family = reasons[0].family if aid.status == AidStatus.REFUSED and reasons else ""
            statistics.record_aid_decision(aid, refusal_reason=family)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=aid.casefile, obj=entry)
    return entry


@transaction.atomic
def close_session(*, actor: User, session_id: int) -> CommitteeSession:
    """Ends the session: the members no longer see its agenda; a request still to be
    examined goes back to the requests waiting for a session."""
    session = _open_session(actor, session_id)
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at"])
    session.entries.filter(outcome=AgendaOutcome.PENDING).delete()
    record(actor=actor, action=Action.UPDATE, object_kind="committeesession", object_id=session.pk)
    return session


@transaction.atomic
def resubmit_request(*, actor: User, aid_request_id: int) -> AidRequest:
    """A new draft from a refused request (same aid, same amount), for the worker to
    complete and submit again; the refused one stays as it was decided."""
    from ..aid import services as aid_services
    from ..scope import get_or_404

    refused = get_or_404(
        AidRequest.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, aid_request_id
    )
    if refused.status != AidStatus.REFUSED:
        raise ValidationError(_("Only a refused request can be resubmitted."), code="status")
    return aid_services.create_aid_request(
        actor=actor,
        casefile_id=refused.casefile_id,
        aid_type_id=refused.aid_type_id,
        amount_requested=refused.amount_requested,
    )
