"""Booking, moving and cancelling appointments, and recording whether one took place."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.offices.opening_hours import week_hours, within_opening_hours

from ..files.entries import casefile_or_404, current_member, require_open, touch_contact
from ..scope import get_or_404
from ..versioning import bump_version
from .models import Appointment, AppointmentKind, AppointmentStatus

# An appointment still to be held: planned, or the person has arrived and waits.
OPEN_STATUSES = (AppointmentStatus.PLANNED, AppointmentStatus.ARRIVED)


def _lock_free_worker(
    *, worker_id, office_id: int, starts_at: datetime, ends_at: datetime, exclude_pk=None
) -> User:
    """The worker, checked free over the slot. Their user row is locked first, so two
    bookings for the same worker queue one behind the other (PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers) and cannot both see a free slot."""
    if ends_at <= starts_at:
        raise ValidationError(_("An appointment must end after it starts."), code="times")
    worker = User.objects.select_for_update().filter(pk=worker_id, is_active=True).first()
    if worker is None or not can(worker, Can.EDIT_SOCIAL, office_id):
        raise ValidationError(
            _("Appointments are made with a social worker of the office."), code="worker"
        )
    overlapping = (
        Appointment.objects.filter(worker=worker, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(status=AppointmentStatus.CANCELLED)
        .exclude(pk=exclude_pk)
    )
    if overlapping.exists():
        raise ValidationError(
            _("The social worker already has an appointment at that time."), code="overlap"
        )
    return worker


def _check_slot(
    *, office_id: int, starts_at: datetime, ends_at: datetime, outside_hours_confirmed: bool
) -> None:
    """An appointment is made for later, and within the office's opening hours unless
    the agent confirms otherwise (a home visit, an evening arranged on purpose)."""
    if starts_at < timezone.now():
        raise ValidationError(
            {"day": _("An appointment cannot be made in the past. Check the day and the time.")},
            code="past",
        )
    if within_opening_hours(office_id, starts_at, ends_at) is False and (
        not outside_hours_confirmed
    ):
        hours = "; ".join(str(day) for day in week_hours(office_id))
        raise ValidationError(
            {
                "confirm_outside_hours": _(
                    "This appointment is outside the office's opening hours (%(hours)s). "
                    "Tick the box to confirm it, or choose another time."
                )
                % {"hours": hours}
            },
            code="outside_hours",
        )


@transaction.atomic
def book_appointment(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    worker_id: int,
    starts_at: datetime,
    ends_at: datetime,
    kind: str = AppointmentKind.OFFICE,
    outside_hours_confirmed: bool = False,
) -> Appointment:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_RECEPTION)
    require_open(casefile)
    if ends_at <= starts_at:
        raise ValidationError(_("An appointment must end after it starts."), code="times")
    if kind not in AppointmentKind.values:
        raise ValidationError(_("Choose the kind of appointment."), code="kind")
    _check_slot(
        office_id=casefile.office_id,
        starts_at=starts_at,
        ends_at=ends_at,
        outside_hours_confirmed=outside_hours_confirmed,
    )
    worker = _lock_free_worker(
        worker_id=worker_id, office_id=casefile.office_id, starts_at=starts_at, ends_at=ends_at
    )
    appointment = Appointment.objects.create(
        casefile=casefile,
        person=current_member(casefile, person_id),
        worker=worker,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        booked_by=actor,
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=appointment)
    return appointment


@transaction.atomic
def set_appointment_status(
    *, actor: User, appointment_id: int, status: str, expected_version: int | None = None
) -> Appointment:
    """Cancels an appointment, or records whether it took place."""
    appointment = get_or_404(
        Appointment.objects.select_related("casefile"), actor, Can.EDIT_RECEPTION, appointment_id
    )
    if status not in AppointmentStatus.values or status in OPEN_STATUSES:
        raise ValidationError(_("Choose what became of the appointment."), code="status")
    if appointment.status not in OPEN_STATUSES:
        raise ValidationError(_("This appointment is no longer planned."), code="status")
    bump_version(appointment, expected_version)
    appointment.status = status
    appointment.save()
    if status == AppointmentStatus.DONE:
        touch_contact(appointment.casefile, timezone.localdate(appointment.starts_at))
    record_for_file(
        actor=actor, action=Action.UPDATE, casefile=appointment.casefile, obj=appointment
    )
    return appointment


@transaction.atomic
def move_appointment(
    *,
    actor: User,
    appointment_id: int,
    starts_at: datetime,
    ends_at: datetime,
    worker_id: int | None = None,
    expected_version: int | None = None,
    outside_hours_confirmed: bool = False,
) -> Appointment:
    """Moves a planned appointment to another slot, or to another worker of the office,
    refusing a slot where the worker is already booked."""
    appointment = get_or_404(
        Appointment.objects.select_related("casefile"), actor, Can.EDIT_RECEPTION, appointment_id
    )
    if appointment.status != AppointmentStatus.PLANNED:
        raise ValidationError(_("This appointment is no longer planned."), code="status")
    _check_slot(
        office_id=appointment.casefile.office_id,
        starts_at=starts_at,
        ends_at=ends_at,
        outside_hours_confirmed=outside_hours_confirmed,
    )
    worker = _lock_free_worker(
        worker_id=worker_id or appointment.worker_id,
        office_id=appointment.casefile.office_id,
        starts_at=starts_at,
        ends_at=ends_at,
        exclude_pk=appointment.pk,
    )
    bump_version(appointment, expected_version)
    appointment.worker, appointment.starts_at, appointment.ends_at = worker, starts_at, ends_at
    appointment.save()
    record_for_file(
        actor=actor, action=Action.UPDATE, casefile=appointment.casefile, obj=appointment
    )
    return appointment
