"""Two agents booking the same worker at the same time: exactly one gets the slot.

The booking locks the worker's row before looking for overlaps, so the second booking
waits for the first to commit and then sees it. Run on PostgreSQL (row locks); SQLite
serialises writers with IMMEDIATE transactions, which the in-memory test database of
the SQLite run cannot share between threads."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.appointments import services as appointment_services
from lien.casefiles.models import Appointment

from ..factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL run")
def test_concurrent_bookings_of_one_slot_give_one_appointment(world):
    secretary = world.users[Role.SECRETARY]
    other_secretary = member(Role.SECRETARY, world.office)
    worker = world.users[Role.SOCIAL_WORKER]
    start = timezone.now().replace(microsecond=0) + timedelta(days=10)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(actor):
        try:
            barrier.wait()
            appointment_services.book_appointment(
                actor=actor,
                casefile_id=world.file.pk,
                person_id=world.file.reference_person.pk,
                worker_id=worker.pk,
                starts_at=start,
                ends_at=start + timedelta(minutes=45),
            )
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(a,)) for a in (secretary, other_secretary)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert Appointment.objects.filter(worker=worker, starts_at=start).count() == 1
