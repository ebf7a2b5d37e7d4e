"""Logging a visit at reception."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from .. import statistics
from ..files.entries import casefile_or_404, current_member, touch_contact
from .models import Visit, VisitReason


@transaction.atomic
def log_visit(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    reason: str,
    occurred_at: datetime | None = None,
) -> Visit:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_RECEPTION)
    if reason not in VisitReason.values:
        raise ValidationError(_("Choose the reason for the visit."), code="reason")
    occurred_at = occurred_at or timezone.now()
    visit = Visit.objects.create(
        casefile=casefile,
        person=current_member(casefile, person_id),
        reason=reason,
        occurred_at=occurred_at,
        logged_by=actor,
    )
    touch_contact(casefile, timezone.localdate(occurred_at))
    statistics.record(casefile, statistics.Kind.VISIT, timezone.localdate(occurred_at))
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=visit)
    return visit
