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
from ..appointments.services import mark_arrived
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
    appointment_id: int | None = None,
) -> Visit:
    """A passage at reception; an arrival for an appointment also marks the appointment
    arrived, which tells the social worker on their home page."""
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
    if reason == VisitReason.APPOINTMENT:
        mark_arrived(
            actor=actor,
            casefile=casefile,
            person_id=visit.person_id,
            at=occurred_at,
            appointment_id=appointment_id,
        )
    touch_contact(casefile, timezone.localdate(occurred_at))
    statistics.record(casefile, "visit", timezone.localdate(occurred_at))
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=visit)
    return visit
