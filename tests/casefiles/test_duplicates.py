"""Likely duplicates as the name is typed: tolerant of accents and typos, ranked by
rapidfuzz, within the actor's offices only, audited without the terms."""

import pytest

from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent
from lien.casefiles.households.selectors import similar_persons

from ..factories import CaseFileFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _file(office, birth_name, first_names):
    return CaseFileFactory(
        office=office, reference=PersonFactory(birth_name=birth_name, first_names=first_names)
    ).reference_person


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        (("Benali", "Mohammed"), "Mohamed Benali"),
        (("Lefebvre", "Élise"), "LEFEVRE elise"),
        (("Lefèvre", "Élise"), "Lefebvre"),
        (("N'Diaye", "Fatou"), "ndiaye fatou"),
    ],
)
def test_close_spellings_are_proposed(world, stored, typed):
    person = _file(world.office, *stored)
    _file(world.office, "Martin", "Paul")
    matches = similar_persons(actor=world.users[Role.SECRETARY], query=typed)
    assert [m.person for m in matches][:1] == [person]


def test_unrelated_names_are_not_proposed(world):
    _file(world.office, "Lemoine", "Claire")
    assert similar_persons(actor=world.users[Role.SECRETARY], query="Lefebvre Élise") == []


def test_only_the_actors_offices_are_searched(world):
    _file(world.other_office, "Lefebvre", "Élise")
    assert similar_persons(actor=world.users[Role.SECRETARY], query="Lefèvre Élise") == []


def test_the_search_is_audited_without_its_terms(world):
    _file(world.office, "Lefebvre", "Élise")
    # The world's random reference person may be a Lefèvre too: count what was found.
    matches = similar_persons(actor=world.users[Role.SECRETARY], query="Lefèvre")
    event = AuditEvent.objects.filter(action=Action.SEARCH).latest("pk")
    assert event.result_count == len(matches) >= 1
    assert "lef" not in (event.reason + event.object_id).lower()


def test_the_register_form_proposes_duplicates_as_you_type(client, world):
    person = _file(world.office, "Lefebvre", "Élise")
    client.force_login(world.users[Role.SECRETARY])
    response = client.get(
        "/persons/duplicates/?birth_name=Lef%C3%A8vre&first_names=Elise", HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert "<html" not in text and person.full_name in text
    assert f"/files/{person.memberships.get().household.casefiles.get().pk}/" in text


def test_the_search_page_adds_close_names(client, world):
    _file(world.office, "Benali", "Mohammed")
    client.force_login(world.users[Role.SECRETARY])
    text = client.get("/persons/search/?q=Mohamed").content.decode()
    assert "Noms proches" in text and "BENALI Mohammed" in text
