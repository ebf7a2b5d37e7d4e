"""Moving appointments. Booking, cancelling and recording whether an appointment took
place are in `casefiles.services`; this adds what a calendar needs."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..models import Appointment, AppointmentStatus
from ..scope import get_or_404
from ..services import _bump, _lock_free_worker


@transaction.atomic
def move_appointment(
    *,
    actor: User,
    appointment_id: int,
    starts_at: datetime,
    ends_at: datetime,
    worker_id: int | None = None,
    expected_version: int | None = None,
) -> Appointment:
    """Moves a planned appointment to another slot, or to another worker of the office,
    refusing a slot where the worker is already booked."""
    appointment = get_or_404(
        Appointment.objects.select_related("casefile"), actor, Can.EDIT_RECEPTION, appointment_id
    )
    if appointment.status != AppointmentStatus.PLANNED:
        raise ValidationError(_("This appointment is no longer planned."), code="status")
    worker = _lock_free_worker(
        worker_id=worker_id or appointment.worker_id,
        office_id=appointment.casefile.office_id,
        starts_at=starts_at,
        ends_at=ends_at,
        exclude_pk=appointment.pk,
    )
    _bump(appointment, expected_version)
    appointment.worker, appointment.starts_at, appointment.ends_at = worker, starts_at, ends_at
    appointment.save()
    record_for_file(
        actor=actor, action=Action.UPDATE, casefile=appointment.casefile, obj=appointment
    )
    return appointment
