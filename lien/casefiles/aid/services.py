"""Aid requests: drafted, submitted, decided."""

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
from lien.catalog.models import Family

from .. import statistics
from ..files.entries import casefile_or_404, offered_item, require_open
from ..scope import get_or_404
from ..versioning import bump_version
from .models import AidRequest, AidStatus


@transaction.atomic
def create_aid_request(
    *, actor: User, casefile_id: int, aid_type_id: int, amount_requested: Decimal
) -> AidRequest:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    aid_type = offered_item(aid_type_id, Family.AID)
    if amount_requested is None or Decimal(amount_requested) <= 0:
        raise ValidationError(_("The amount requested must be more than zero."), code="amount")
    aid = AidRequest.objects.create(
        casefile=casefile, aid_type=aid_type, amount_requested=amount_requested, created_by=actor
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=aid)
    return aid


@transaction.atomic
def submit_aid_request(
    *, actor: User, aid_request_id: int, submitted_on: date | None = None
) -> AidRequest:
    aid = get_or_404(
        AidRequest.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, aid_request_id
    )
    if aid.status != AidStatus.DRAFT:
        raise ValidationError(_("Only a draft request can be submitted."), code="status")
    bump_version(aid, None)
    aid.status, aid.submitted_on = AidStatus.SUBMITTED, submitted_on or timezone.localdate()
    aid.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=aid.casefile, obj=aid)
    return aid


@transaction.atomic
def decide_aid_request(
    *,
    actor: User,
    aid_request_id: int,
    granted: bool,
    amount_granted: Decimal | None = None,
    decided_on: date | None = None,
) -> AidRequest:
    """Records the decision of the body that grants the aid (a commission, the CCAS)."""
    aid = get_or_404(
        AidRequest.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, aid_request_id
    )
    if aid.status != AidStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted request can be decided."), code="status")
    decided_on = decided_on or timezone.localdate()
    if aid.submitted_on is not None and decided_on < aid.submitted_on:
        raise ValidationError(_("The decision cannot precede the submission."), code="decided_on")
    if granted:
        if amount_granted is None or Decimal(amount_granted) <= 0:
            raise ValidationError(_("Enter the amount granted."), code="amount")
        aid.status, aid.amount_granted = AidStatus.GRANTED, amount_granted
    else:
        aid.status, aid.amount_granted = AidStatus.REFUSED, None
    bump_version(aid, None)
    aid.decided_on = decided_on
    aid.save()
    statistics.record(
        aid.casefile,
        statistics.Kind.AID_DECISION,
        decided_on,
        aid_type=aid.aid_type.code,
        decision=aid.status,
        amount_band=statistics.amount_band(aid.amount_granted),
    )
    record_for_file(actor=actor, action=Action.UPDATE, casefile=aid.casefile, obj=aid)
    return aid
