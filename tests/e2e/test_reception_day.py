"""Reception carries the day, in a real browser: the secretary records an arrival from the
desk (the reference person already chosen), the social worker's home page shows who is
waiting; cancelling an appointment asks first and says which one."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.appointments.models import Appointment, AppointmentStatus

from .helpers import assert_accessible, guide_screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _today_in(minutes):
    """An appointment of today's desk, starting in about `minutes`, or earlier today when
    that would cross midnight: the desk lists the local day. Within two minutes of midnight
    the test waits for the new day, so the day cannot change between the secretary's
    page and the social worker's."""
    now = timezone.localtime()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    if midnight - now < timedelta(minutes=2):
        time.sleep((midnight - now).total_seconds() + 1)
        now = timezone.localtime()
        midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=minutes)
    if start + timedelta(minutes=30) > midnight:
        start = midnight - timedelta(minutes=31)
    return start, start + timedelta(minutes=30)


def test_an_arrival_reaches_the_social_worker(page, live_server, world, login):
    _arrival_reaches_the_worker(page, world, login)
    guide_screenshot(page, "travailleur-social-journee")


def _arrival_reaches_the_worker(page, world, login):
    appointment = world.file.appointments.get()
    start, end = _today_in(10)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=start, ends_at=end)
    person = world.file.reference_person.full_name

    login(world.users[Role.SECRETARY])
    page.get_by_role("link", name="Guichet d'accueil", exact=True).first.click()
    page.get_by_role("link", name=f"Arrivé {person}").click()
    expect(page.get_by_label("Personne venue")).to_have_value(str(appointment.person_id))
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Passage enregistré.")).to_be_visible()
    expect(page.locator("tr", has_text=person)).to_contain_text("arrivé·e")
    page.get_by_role("button", name="Se déconnecter").click()

    login(world.users[Role.SOCIAL_WORKER])
    day = page.get_by_role("region", name="Mes rendez-vous du jour")
    expect(day).to_contain_text("1 personne arrivée")
    expect(day.get_by_text("En attente à l'accueil")).to_be_visible()
    expect(day.get_by_role("link", name=person).first).to_be_visible()
    assert_accessible(page, "social worker's home with an arrival")


def test_cancelling_from_the_desk_asks_first(page, live_server, world, login):
    appointment = world.file.appointments.get()
    start, end = _today_in(60)
    Appointment.objects.filter(pk=appointment.pk).update(starts_at=start, ends_at=end)
    person = world.file.reference_person.full_name

    login(world.users[Role.SECRETARY])
    page.get_by_role("link", name="Guichet d'accueil", exact=True).first.click()
    page.get_by_role("button", name=f"Annuler {person}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuler ce rendez-vous ?")
    expect(page.get_by_text(person)).to_be_visible()
    assert_accessible(page, "confirmation page")
    guide_screenshot(page, "secretaire-annulation")
    page.get_by_role("link", name="Garder le rendez-vous").click()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED

    page.get_by_role("button", name=f"Annuler {person}").click()
    page.get_by_role("button", name="Annuler le rendez-vous").click()
    expect(page.get_by_text("Rendez-vous marqué : annulé.")).to_be_visible()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_the_desk_works_in_the_last_minutes_of_the_day(page, live_server, world, login):
    """At 23:55 in Paris an appointment "in ten minutes" would be tomorrow's: the day's
    lists are the local day's, and the appointment of the test stays in it (CI once ran
    these tests at 23:50 and failed)."""
    import time_machine

    with time_machine.travel("2026-12-05 23:55+01:00", tick=True):
        _arrival_reaches_the_worker(page, world, login)
