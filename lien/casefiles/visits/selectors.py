"""The reception desk's day, and the visits to files that wait for a referent."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record
from lien.base.dates import day_range

from ..appointments.models import Appointment, AppointmentStatus
from ..files.models import FileStatus
from ..scope import in_scope, require_office
from .models import Visit


@dataclass
class ReceptionDay:
    day: date
    appointments: list[Appointment]
    visits: list[Visit]


def reception_day_for(*, actor, office_id: int, day: date | None = None) -> ReceptionDay:
    """Today's appointments and visits of an office, for its reception desk."""
    require_office(actor, Can.VIEW_RECEPTION, office_id)
    day = day or timezone.localdate()
    start, end = day_range(day)
    appointments = in_scope(Appointment.objects.all(), actor, Can.VIEW_RECEPTION).filter(
        casefile__office_id=office_id, starts_at__gte=start, starts_at__lt=end
    )
    visits = in_scope(Visit.objects.all(), actor, Can.VIEW_RECEPTION).filter(
        casefile__office_id=office_id, occurred_at__gte=start, occurred_at__lt=end
    )
    result = ReceptionDay(
        day=day,
        appointments=list(
            appointments.exclude(status=AppointmentStatus.CANCELLED)
            .select_related("person", "worker")
            .order_by("starts_at")
        ),
        visits=list(visits.select_related("person", "logged_by").order_by("-occurred_at")),
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="reception_day",
        office_id=office_id,
        result_count=len(result.appointments) + len(result.visits),
    )
    return result


def unassigned_visits_for(*, actor, office_id: int, days: int = 30) -> list[Visit]:
    """Recent visits to files that have no referent yet: for the manager to give them
    one. What was asked (the coarse reason), never anything about the worker."""
    require_office(actor, Can.ASSIGN_REFERENT, office_id)
    since = timezone.now() - timedelta(days=days)
    visits = list(
        in_scope(Visit.objects.all(), actor, Can.ASSIGN_REFERENT)
        .filter(
            casefile__office_id=office_id,
            casefile__referent__isnull=True,
            casefile__status=FileStatus.OPEN,
            occurred_at__gte=since,
        )
        .select_related("person", "casefile")
        .order_by("-occurred_at")
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="unassigned_visits",
        office_id=office_id,
        result_count=len(visits),
    )
    return visits
