"""Appointments are made for later and within the office's opening hours (or confirmed
outside them); the slip gives the office's address, phone and hours; times are typed
HH:MM and days dd/mm/yyyy whatever the language."""

import html
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.appointments import services
from lien.casefiles.households import services as household_services
from lien.casefiles.models import Appointment, Person
from lien.offices.models import OpeningPeriod
from lien.offices.opening_hours import week_hours, within_opening_hours

pytestmark = pytest.mark.django_db


def _next(weekday: int) -> date:
    """The next such day (0: Monday), at least two days ahead."""
    day = timezone.localdate() + timedelta(days=2)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def open_weekdays(world):
    for day in range(5):
        OpeningPeriod.objects.create(
            office=world.office, weekday=day, opens_at=time(9), closes_at=time(12, 30)
        )
        OpeningPeriod.objects.create(
            office=world.office, weekday=day, opens_at=time(13, 30), closes_at=time(17)
        )
    world.office.address = "12 rue de l'Exemple\n93000 Bobigny"
    world.office.phone = "01 99 00 10 01"
    world.office.save()
    return world


def _book(world, starts_at, **extra):
    return services.book_appointment(
        actor=world.users[Role.SECRETARY],
        casefile_id=world.file.pk,
        person_id=world.file.reference_person.pk,
        worker_id=world.users[Role.SOCIAL_WORKER].pk,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45),
        **extra,
    )


def test_an_appointment_in_the_past_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        _book(world, timezone.now() - timedelta(hours=2))
    assert "dans le passé" in " ".join(refused.value.messages)
    assert world.file.appointments.count() == 1  # the one the file came with


def test_outside_opening_hours_asks_for_confirmation(open_weekdays):
    world, sunday = open_weekdays, _next(6)
    with pytest.raises(ValidationError) as asked:
        _book(world, _at(sunday, 3))
    assert "confirm_outside_hours" in asked.value.error_dict
    assert "lundi : 09:00–12:30, 13:30–17:00" in " ".join(asked.value.messages)
    assert _book(world, _at(sunday, 3), outside_hours_confirmed=True).pk


def test_within_opening_hours_books_without_a_question(open_weekdays):
    tuesday = _next(1)
    assert _book(open_weekdays, _at(tuesday, 10)).pk
    assert (
        within_opening_hours(open_weekdays.office.pk, _at(tuesday, 12), _at(tuesday, 13)) is False
    )


def test_an_office_without_recorded_hours_asks_nothing(world):
    sunday = _next(6)
    assert within_opening_hours(world.office.pk, _at(sunday, 3), _at(sunday, 4)) is None
    assert _book(world, _at(sunday, 3)).pk


def test_the_booking_form_reads_french_days_and_times_and_confirms_on_a_second_submit(
    client, open_weekdays
):
    world = open_weekdays
    client.force_login(world.users[Role.SECRETARY])
    saturday = _next(5)
    data = {
        "person": world.file.reference_person.pk,
        "worker": world.users[Role.SOCIAL_WORKER].pk,
        "day": saturday.strftime("%d/%m/%Y"),
        "start": "10h30",
        "duration": 45,
        "kind": "office",
    }
    url = f"/files/{world.file.pk}/appointments/new/"
    asked = html.unescape(client.post(url, data).content.decode())
    assert "en dehors des heures d'ouverture" in asked
    assert 'type="checkbox" name="confirm_outside_hours"' in asked
    assert world.file.appointments.count() == 1
    response = client.post(url, {**data, "confirm_outside_hours": "on"})
    assert response.status_code == 302
    booked = Appointment.objects.latest("pk")
    assert timezone.localtime(booked.starts_at) == _at(saturday, 10, 30)


def test_the_slip_gives_the_office_address_phone_and_hours(client, open_weekdays):
    world = open_weekdays
    client.force_login(world.users[Role.SECRETARY])
    slip = html.unescape(
        client.get(f"/appointments/{world.file.appointments.first().pk}/slip/").content.decode()
    )
    assert "12 rue de l'Exemple<br>93000 Bobigny" in slip
    assert "appelez-nous au 01 99 00 10 01" in slip
    assert "vendredi : 09:00–12:30, 13:30–17:00" in slip


def test_the_agenda_shows_the_hours_and_reads_a_french_day(client, open_weekdays):
    world = open_weekdays
    client.force_login(world.users[Role.SECRETARY])
    page = client.get("/calendar/", {"day": "12/03/2030"}).content.decode()
    assert "mardi 12 mars" in page and 'value="12/03/2030"' in page
    assert "lundi : 09:00–12:30, 13:30–17:00" in html.unescape(page)
    assert [str(day) for day in week_hours(world.office.pk)][4].startswith("vendredi")


def test_a_birth_date_in_the_future_is_refused_by_the_service(world):
    person = world.file.reference_person
    with pytest.raises(ValidationError):
        household_services.update_person(
            actor=world.users[Role.SECRETARY],
            person_id=person.pk,
            expected_version=person.version,
            changes={"birth_date": timezone.localdate() + timedelta(days=1)},
        )
    assert Person.objects.get(pk=person.pk).birth_date == person.birth_date


def test_moving_checks_the_same_rules(open_weekdays):
    world = open_weekdays
    appointment = _book(world, _at(_next(1), 10))
    move = {"actor": world.users[Role.SECRETARY], "appointment_id": appointment.pk}
    with pytest.raises(ValidationError) as refused:
        services.move_appointment(
            **move,
            starts_at=timezone.now() - timedelta(days=1),
            ends_at=timezone.now() - timedelta(days=1) + timedelta(minutes=30),
        )
    assert "day" in refused.value.error_dict
    sunday = _next(6)
    with pytest.raises(ValidationError) as asked:
        services.move_appointment(**move, starts_at=_at(sunday, 10), ends_at=_at(sunday, 11))
    assert "confirm_outside_hours" in asked.value.error_dict
    appointment.refresh_from_db()
    assert timezone.localtime(appointment.starts_at) == _at(_next(1), 10)
    services.move_appointment(
        **move, starts_at=_at(sunday, 10), ends_at=_at(sunday, 11), outside_hours_confirmed=True
    )
    appointment.refresh_from_db()
    assert timezone.localdate(appointment.starts_at) == sunday
