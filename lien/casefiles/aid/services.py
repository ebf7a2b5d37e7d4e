"""Aid requests: drafted (and corrected or deleted while a draft), submitted, then
decided by the body that grants aid, or withdrawn by the person. A decision recorded
wrongly is corrected, never overwritten: the earlier one stays in the request's history
and in the audit log."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.base.fields import format_euros
from lien.catalog.models import Family

from .. import statistics
from ..files.entries import casefile_or_404, offered_item, require_open
from ..schemes import rules as scheme_rules
from ..scope import get_or_404
from ..versioning import bump_version
from .models import AidRequest, AidStatus


def _check_amount_requested(amount_requested: Decimal | None) -> None:
    if amount_requested is None or Decimal(amount_requested) <= 0:
        raise ValidationError(
            {"amount_requested": _("The amount requested must be more than zero.")},
            code="amount",
        )


def _aid_to_edit(actor: User, aid_request_id: int) -> AidRequest:
    aid = get_or_404(
        AidRequest.objects.select_related("casefile", "aid_type"),
        actor,
        Can.EDIT_SOCIAL,
        aid_request_id,
    )
    return aid


@transaction.atomic
def create_aid_request(
    *, actor: User, casefile_id: int, aid_type_id: int, amount_requested: Decimal
) -> AidRequest:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    aid_type = offered_item(aid_type_id, Family.AID)
    _check_amount_requested(amount_requested)
    scheme_rules.check_ceiling(
        scheme_rules.scheme_of(aid_type.pk), amount_requested, "amount_requested"
    )
    aid = AidRequest.objects.create(
        casefile=casefile, aid_type=aid_type, amount_requested=amount_requested, created_by=actor
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=aid)
    return aid


@transaction.atomic
def submit_aid_request(
    *, actor: User, aid_request_id: int, submitted_on: date | None = None
) -> AidRequest:
    aid = _aid_to_edit(actor, aid_request_id)
    if aid.status != AidStatus.DRAFT:
        raise ValidationError(_("Only a draft request can be submitted."), code="status")
    submitted_on = submitted_on or timezone.localdate()
    if submitted_on > timezone.localdate():
        raise ValidationError(_("A request cannot be submitted in the future."), code="future")
    scheme_rules.check_documents(scheme_rules.scheme_of(aid.aid_type_id), aid.casefile)
    bump_version(aid, None)
    aid.status, aid.submitted_on = AidStatus.SUBMITTED, submitted_on
    aid.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=aid.casefile, obj=aid)
    return aid


@transaction.atomic
def update_aid_draft(
    *,
    actor: User,
    aid_request_id: int,
    aid_type_id: int,
    amount_requested: Decimal,
    expected_version: int | None = None,
) -> AidRequest:
    """Corrects a draft (its type or amount) before it is submitted."""
    aid = _aid_to_edit(actor, aid_request_id)
    require_open(aid.casefile)
    if aid.status != AidStatus.DRAFT:
        raise ValidationError(_("Only a draft request can be changed."), code="status")
    _check_amount_requested(amount_requested)
    bump_version(aid, expected_version)
    aid.aid_type = offered_item(aid_type_id, Family.AID)
    scheme_rules.check_ceiling(
        scheme_rules.scheme_of(aid.aid_type_id), amount_requested, "amount_requested"
    )
    aid.amount_requested = amount_requested
    aid.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=aid.casefile, obj=aid)
    return aid


@transaction.atomic
def delete_aid_draft(
    *, actor: User, aid_request_id: int, expected_version: int | None = None
) -> None:
    """Deletes a draft never submitted (typed by mistake, or not pursued); the audit log
    keeps that it existed."""
    aid = _aid_to_edit(actor, aid_request_id)
    require_open(aid.casefile)
    if aid.status != AidStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be deleted; a submitted request is withdrawn instead."),
            code="status",
        )
    bump_version(aid, expected_version)
    record_for_file(actor=actor, action=Action.DELETE, casefile=aid.casefile, obj=aid)
    aid.delete()


# The outcomes of a submitted request: the body's decision, or the person's withdrawal.
OUTCOMES = (AidStatus.GRANTED, AidStatus.REFUSED, AidStatus.WITHDRAWN)
# Those counted by the statistics as an aid decision (a withdrawal is not one).
DECISIONS = (AidStatus.GRANTED, AidStatus.REFUSED)


@dataclass(frozen=True)
class Outcome:
    """What the body decided (or that the person withdrew the request), as typed."""

    status: str
    decided_on: date | None = None
    amount_granted: Decimal | None = None
    refusal_reason: str = ""
    # The agent confirmed a grant above the amount requested (a typo is likelier).
    above_request_confirmed: bool = False


def _apply(aid: AidRequest, outcome: Outcome) -> None:
    """Checks the outcome against the request and sets it on `aid`; every fault is said
    next to its field, in words."""
    today = timezone.localdate()
    decided_on = outcome.decided_on or today
    if outcome.status not in OUTCOMES:
        raise ValidationError({"decision": _("Choose the decision.")}, code="decision")
    if decided_on > today:
        raise ValidationError(
            {"decided_on": _("The date cannot be in the future.")}, code="decided_on"
        )
    if aid.submitted_on is not None and decided_on < aid.submitted_on:
        raise ValidationError(
            {"decided_on": _("The decision cannot precede the submission.")}, code="decided_on"
        )
    amount, reason = None, ""
    if outcome.status == AidStatus.GRANTED:
        amount = outcome.amount_granted
        if amount is None or Decimal(amount) <= 0:
            raise ValidationError({"amount_granted": _("Enter the amount granted.")}, code="amount")
        if Decimal(amount) > aid.amount_requested and not outcome.above_request_confirmed:
            raise ValidationError(
                {
                    "confirm_above_request": _(
                        "The amount granted (%(granted)s) is above the amount requested "
                        "(%(requested)s). Tick the box to confirm, or correct the amount."
                    )
                    % {
                        "granted": format_euros(amount),
                        "requested": format_euros(aid.amount_requested),
                    }
                },
                code="above_request",
            )
    elif outcome.status == AidStatus.REFUSED:
        reason = outcome.refusal_reason.strip()
        if not reason:
            raise ValidationError(
                {
                    "refusal_reason": _(
                        "Give the reasons for the refusal: an unfavourable decision must "
                        "state them."
                    )
                },
                code="refusal_reason",
            )
    aid.status, aid.decided_on = outcome.status, decided_on
    aid.amount_granted, aid.refusal_reason = amount, reason


def _count(aid: AidRequest, *, retract: bool = False) -> None:
    """The statistical event of the request's decision: recorded, or taken back."""
    if aid.status not in DECISIONS or aid.decided_on is None:
        return
    (statistics.retract if retract else statistics.record)(
        aid.casefile,
        statistics.Kind.AID_DECISION,
        aid.decided_on,
        aid_type=aid.aid_type.code,
        decision=aid.status,
        amount_band=statistics.amount_band(aid.amount_granted),
    )


@transaction.atomic
def decide_aid_request(
    *,
    actor: User,
    aid_request_id: int,
    outcome: Outcome,
    expected_version: int | None = None,
) -> AidRequest:
    """Records the decision of the body that grants the aid (a commission, the CCAS),
    or that the person withdrew the request."""
    aid = _aid_to_edit(actor, aid_request_id)
    if aid.status != AidStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted request can be decided."), code="status")
    scheme = scheme_rules.scheme_of(aid.aid_type_id)
    if outcome.status != AidStatus.WITHDRAWN:
        # The person may withdraw any request; only the decision is the committee's.
        scheme_rules.check_decided_by_office(scheme)
    bump_version(aid, expected_version)
    _apply(aid, outcome)
    scheme_rules.check_ceiling(scheme, aid.amount_granted, "amount_granted")
    aid.save()
    _count(aid)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=aid.casefile, obj=aid)
    return aid


@transaction.atomic
def correct_aid_decision(
    *,
    actor: User,
    aid_request_id: int,
    outcome: Outcome,
    correction_reason: str,
    expected_version: int | None = None,
) -> AidRequest:
    """Corrects a decision recorded wrongly (or changed on appeal). The earlier one is
    kept in the request's history with who corrected it, when and why; the statistics
    count the corrected decision instead of the earlier one."""
    aid = _aid_to_edit(actor, aid_request_id)
    if aid.status not in OUTCOMES:
        raise ValidationError(_("Only a decided request can be corrected."), code="status")
    # A committee's decision is not the office's to correct: the request is resubmitted.
    scheme_rules.check_decided_by_office(scheme_rules.scheme_of(aid.aid_type_id))
    if not correction_reason.strip():
        raise ValidationError(
            {"correction_reason": _("Say why the decision is corrected.")}, code="reason"
        )
    bump_version(aid, expected_version)
    earlier = {
        "status": aid.status,
        "decided_on": aid.decided_on.isoformat() if aid.decided_on else None,
        "amount_granted": str(aid.amount_granted) if aid.amount_granted is not None else None,
        "refusal_reason": aid.refusal_reason,
        "corrected_at": timezone.now().isoformat(),
        "corrected_by": str(actor),
        "correction_reason": correction_reason.strip(),
    }
    _count(aid, retract=True)
    _apply(aid, outcome)
    aid.earlier_decisions = [*aid.earlier_decisions, earlier]
    aid.save()
    _count(aid)
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=aid.casefile,
        obj=aid,
        reason=_("decision corrected: %(reason)s") % {"reason": correction_reason.strip()},
    )
    return aid
