"""A first walk through Lien in a real browser: a secretary finds a household with a
search typed in capitals, a social worker reads the file and their note, and a
statistician finds no personal data."""

import re

import pytest
from playwright.sync_api import expect

from lien.accounts.roles import Role

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretary_finds_a_person_typing_in_capitals(page, live_server, world, login):
    person = world.file.reference_person
    person.birth_name, person.first_names = "Lefèvre", "Élise"
    person.search_key = person.computed_search_key()
    person.save()
    login(world.users[Role.SECRETARY])
    page.get_by_role("link", name="Rechercher une personne").first.click()
    page.get_by_label("Nom, nom d'usage ou prénom").fill("ELISE LEFEVRE")
    # The results come as you type (htmx), without a page load.
    expect(page.get_by_text("1 personne trouvée")).to_be_visible()
    page.get_by_role("link", name=re.compile(world.office.name)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("LEFÈVRE Élise")
    expect(page.get_by_role("heading", name="Rendez-vous")).to_be_visible()
    expect(page.get_by_role("heading", name="Problématiques")).to_have_count(0)
    expect(page.get_by_role("heading", name="Notes")).to_have_count(0)


def test_social_worker_reads_their_file_and_note(page, live_server, world, login):
    login(world.users[Role.SOCIAL_WORKER])
    expect(page.get_by_role("heading", name="Mes dossiers")).to_be_visible()
    page.get_by_role("link", name=re.compile(world.file.reference_person.first_names)).click()
    expect(page.get_by_role("heading", name="Problématiques")).to_be_visible()
    expect(page.get_by_text("Entretien : point sur le dossier.")).to_be_visible()


def test_statistician_sees_no_person(page, live_server, world, login):
    PersonFactory()
    login(world.users[Role.STATISTICIAN])
    expect(page.get_by_role("heading", name="Statistiques")).to_be_visible()
    expect(page.get_by_role("link", name="Rechercher une personne")).to_have_count(0)
    response = page.goto(f"{live_server.url}/files/{world.file.pk}/")
    assert response.status == 404
