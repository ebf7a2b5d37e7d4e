"""A visit that needs no file, in a real browser: the secretary counts it from the
reception desk with the keyboard, nobody is created, and the office's activity grid
counts it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lien.accounts.roles import Role
from lien.casefiles.anonymous.services import record_anonymous_visit
from lien.casefiles.models import Household, Person
from lien.stats.models import Kind, StatEvent

from .helpers import assert_accessible, guide_screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_anonymous_visit_is_counted_with_no_person_created(page, live_server, world, login):
    # Five earlier visits of the same kind, so that the cell is above the threshold of
    # statistical secrecy and shows its count.
    for _ in range(5):
        record_anonymous_visit(
            actor=world.users[Role.SECRETARY],
            office_id=world.office.pk,
            reason="partner-appointment",
            channel="desk",
        )
    persons, households = Person.objects.count(), Household.objects.count()

    login(world.users[Role.SECRETARY])
    page.get_by_role("link", name="Guichet d'accueil", exact=True).first.click()
    page.get_by_role("link", name="Passage sans dossier").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Passage sans dossier")
    assert_accessible(page, "visit without a file")
    # The keyboard alone: the first reason, then the arrow keys to the third.
    page.get_by_label("information", exact=True).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("rendez-vous pour un partenaire")).to_be_checked()
    expect(page.get_by_label("à l'accueil")).to_be_checked()
    page.get_by_label("25 à 39 ans").check()
    guide_screenshot(page, "secretaire-passage-sans-dossier")
    page.get_by_role("button", name="Compter le passage").press("Enter")
    expect(page.get_by_text("Passage sans dossier compté.")).to_be_visible()

    assert (Person.objects.count(), Household.objects.count()) == (persons, households)
    assert StatEvent.objects.filter(kind=Kind.ANONYMOUS_VISIT).count() == 6
    page.get_by_role("button", name="Se déconnecter").click()

    login(world.users[Role.MANAGER])
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/statistics/?grid=activity&office={world.office.code}&year={year}")
    table = page.get_by_role("table", name="Passages à l'accueil sans dossier, par motif et canal")
    row = table.get_by_role("row", name="Rendez-vous pour un partenaire")
    expect(row).to_contain_text("6")
