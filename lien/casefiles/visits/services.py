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
from lien.base.dates import day_range

from .. import statistics
from ..appointments.models import Appointment, AppointmentStatus
from ..files.entries import casefile_or_404, current_member, touch_contact
from ..versioning import bump_version
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
        _mark_arrived(
            actor=actor,
            casefile=casefile,
            person_id=visit.person_id,
            at=occurred_at,
            appointment_id=appointment_id,
        )
    touch_contact(casefile, timezone.localdate(occurred_at))
    statistics.record(casefile, statistics.Kind.VISIT, timezone.localdate(occurred_at))
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=visit)
    return visit


def _mark_arrived(*, actor: User, casefile, person_id: int, at: datetime, appointment_id=None):
    """The person logged at reception for an appointment: that appointment (or, when the
    desk did not say which, the person's planned appointment of the day in this file) is
    marked arrived, so that the worker's home page shows them waiting. None if there is
    no such appointment. Runs inside the visit's transaction."""
    planned = Appointment.objects.select_for_update().filter(
        casefile=casefile, status=AppointmentStatus.PLANNED
    )
    if appointment_id is not None:
        appointment = planned.filter(pk=appointment_id).first()
    else:
        start, end = day_range(timezone.localdate(at))
        appointment = (
            planned.filter(person_id=person_id, starts_at__gte=start, starts_at__lt=end)
            .order_by("starts_at")
            .first()
        )
    if appointment is None:
        return None
    bump_version(appointment, None)
    appointment.status, appointment.arrived_at = AppointmentStatus.ARRIVED, at
    appointment.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, obj=appointment)
    return appointment
