"""The reception desk's day and the worker's appointments of the day are read by a range
of instants (an index serves it), not by converting every row's date: the local day's
edges must hold as before, a day of clock change included."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from lien.accounts.roles import Role
from lien.base.dates import day_range
from lien.casefiles.appointments import selectors as appointment_selectors
from lien.casefiles.appointments.models import Appointment
from lien.casefiles.visits import selectors as visit_selectors
from lien.casefiles.visits.models import Visit


def test_a_day_runs_from_local_midnight_to_the_next_even_across_a_clock_change():
    def lasts(start: datetime, end: datetime) -> timedelta:
        # (Two instants of one zone subtract as wall clocks: in UTC, as elapsed time.)
        return end.astimezone(UTC) - start.astimezone(UTC)

    start, end = day_range(date(2026, 3, 29))  # Europe/Paris: 23 hours
    assert (start.isoformat(), lasts(start, end)) == (
        "2026-03-29T00:00:00+01:00",
        timedelta(hours=23),
    )
    start, end = day_range(date(2026, 10, 25))  # 25 hours
    assert (start.isoformat(), lasts(start, end)) == (
        "2026-10-25T00:00:00+02:00",
        timedelta(hours=25),
    )


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_the_desk_and_the_worker_see_the_local_day_from_its_first_minute_to_its_last(world):
    today = timezone.localdate()
    worker, secretary = world.users[Role.SOCIAL_WORKER], world.users[Role.SECRETARY]
    person = world.file.reference_person
    tomorrow = today + timedelta(days=1)
    Visit.objects.filter(casefile=world.file).delete()
    Appointment.objects.filter(casefile=world.file).delete()
    for when in (_local(today, 0), _local(today, 23, 59), _local(tomorrow, 0)):
        Visit.objects.create(
            casefile=world.file,
            person=person,
            reason="information",
            logged_by=worker,
            occurred_at=when,
        )
        Appointment.objects.create(
            casefile=world.file,
            person=person,
            worker=worker,
            starts_at=when,
            ends_at=when + timedelta(minutes=30),
            booked_by=worker,
        )
    day = visit_selectors.reception_day_for(actor=secretary, office_id=world.office.pk)
    expected = [_local(today, 0), _local(today, 23, 59)]
    assert sorted(a.starts_at for a in day.appointments) == expected
    assert sorted(v.occurred_at for v in day.visits) == expected
    own = appointment_selectors.worker_day_for(actor=worker)
    assert [a.starts_at for a in own.appointments] == expected
