"""The permission matrix of reception: visits and appointments, for reception and the
office's social workers and manager."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.appointments import selectors as appointment_selectors
from lien.casefiles.appointments import services as appointment_services
from lien.casefiles.models import CaseFile
from lien.casefiles.visits import selectors as visit_selectors
from lien.casefiles.visits import services as visit_services

from .matrix import MGR, NONE, SEC, SW, check, found_in

RECEPTION_RULES = {
    "casefiles.visits.selectors.unassigned_visits_for": (
        lambda a, t: (
            CaseFile.objects.filter(pk=t.file.pk).update(referent=None)
            and found_in(
                t.first("visits"),
                visit_selectors.unassigned_visits_for(actor=a, office_id=t.office.pk),
            )
        ),
        {MGR},
        NONE,
    ),
    "casefiles.appointments.selectors.workers_of_office": (
        lambda a, t: found_in(
            t.worker, appointment_selectors.workers_of_office(actor=a, office_id=t.office.pk)
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.appointments.selectors.worker_calendar_for": (
        lambda a, t: found_in(
            t.first("appointments"),
            appointment_selectors.worker_calendar_for(
                actor=a,
                office_id=t.office.pk,
                worker_id=t.worker.pk,
                first_day=timezone.localdate(t.first("appointments").starts_at),
            )[0].appointments,
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.appointments.selectors.appointment_for": (
        lambda a, t: (
            appointment_selectors.appointment_for(actor=a, pk=t.first("appointments").pk)
            is not None
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.visits.selectors.reception_day_for": (
        lambda a, t: found_in(
            t.first("appointments"),
            visit_selectors.reception_day_for(
                actor=a,
                office_id=t.office.pk,
                day=timezone.localdate(t.first("appointments").starts_at),
            ).appointments,
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "casefiles.visits.services.log_visit": (
        lambda a, t: (
            visit_services.log_visit(
                actor=a, casefile_id=t.file.pk, person_id=t.person.pk, reason="documents"
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.appointments.services.book_appointment": (
        lambda a, t: (
            appointment_services.book_appointment(
                actor=a,
                casefile_id=t.file.pk,
                person_id=t.person.pk,
                worker_id=t.worker.pk,
                starts_at=timezone.now() + timedelta(days=3),
                ends_at=timezone.now() + timedelta(days=3, minutes=45),
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.appointments.services.move_appointment": (
        lambda a, t: (
            appointment_services.move_appointment(
                actor=a,
                appointment_id=t.first("appointments").pk,
                starts_at=timezone.now() + timedelta(days=5),
                ends_at=timezone.now() + timedelta(days=5, minutes=30),
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
    "casefiles.appointments.services.set_appointment_status": (
        lambda a, t: (
            appointment_services.set_appointment_status(
                actor=a, appointment_id=t.first("appointments").pk, status="cancelled"
            )
            is not None
        ),
        {SW, SEC},
        NONE,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(RECEPTION_RULES))
def test_matrix(world, name, role, scope):
    check(world, RECEPTION_RULES, name, role, scope)
