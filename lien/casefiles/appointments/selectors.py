"""Reads for the calendars: a worker's appointments over a day or a week, one
appointment for its slip or its move form."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.accounts.roles import Role
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.base.dates import day_range

from ..scope import get_or_404, in_scope, require_office
from .models import Appointment, AppointmentStatus


@dataclass
class CalendarDay:
    day: date
    appointments: list[Appointment]


def workers_of_office(*, actor, office_id: int) -> list[User]:
    """The social workers of an office: whom appointments are made with, to whom files
    are assigned. Staff names only, no person's data."""
    require_office(actor, Can.VIEW_RECEPTION, office_id)
    return list(
        User.objects.filter(
            is_active=True,
            memberships__office_id=office_id,
            memberships__role=Role.SOCIAL_WORKER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def worker_calendar_for(
    *, actor, office_id: int, worker_id: int, first_day: date, days: int = 1
) -> list[CalendarDay]:
    """The planned and past appointments of one worker of the office, day by day;
    cancelled ones are left out so that the calendar shows what is really booked."""
    require_office(actor, Can.VIEW_RECEPTION, office_id)
    zone = timezone.get_current_timezone()
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(first_day + timedelta(days=days), time.min, tzinfo=zone)
    rows = list(
        in_scope(Appointment.objects.all(), actor, Can.VIEW_RECEPTION)
        .filter(
            casefile__office_id=office_id,
            worker_id=worker_id,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("person", "worker")
        .order_by("starts_at")
    )
    calendar = [CalendarDay(first_day + timedelta(days=n), []) for n in range(days)]
    for appointment in rows:
        index = (timezone.localdate(appointment.starts_at) - first_day).days
        calendar[index].appointments.append(appointment)
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="calendar",
        office_id=office_id,
        result_count=len(rows),
    )
    return calendar


def appointment_for(*, actor, pk) -> Appointment:
    appointment = get_or_404(
        Appointment.objects.select_related("casefile", "casefile__office", "person", "worker"),
        actor,
        Can.VIEW_RECEPTION,
        pk,
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=appointment.casefile, obj=appointment)
    return appointment


@dataclass
class WorkerDay:
    """A social worker's appointments of the day, and who has arrived for them."""

    appointments: list[Appointment]

    @property
    def waiting(self) -> list[Appointment]:
        return [a for a in self.appointments if a.status == AppointmentStatus.ARRIVED]


def worker_day_for(*, actor: User) -> WorkerDay:
    """The actor's own appointments today, in the offices where they may see them: what
    their home page shows, arrivals first told by reception."""
    start, end = day_range(timezone.localdate())
    rows = list(
        in_scope(Appointment.objects.all(), actor, Can.VIEW_RECEPTION)
        .filter(worker=actor, starts_at__gte=start, starts_at__lt=end)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("person")
        .order_by("starts_at")
    )
    record(actor=actor, action=Action.LIST, object_kind="worker_day", result_count=len(rows))
    return WorkerDay(appointments=rows)
