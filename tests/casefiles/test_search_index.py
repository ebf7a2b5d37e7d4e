"""The index behind person search (migration casefiles/0004) stays exact whichever way
persons are written: services, bulk inserts, raw updates, deletions."""

import pytest
from django.db import connection

from lien.casefiles.households.selectors import search_persons, similar_persons
from lien.casefiles.households.services import PersonData, update_person
from lien.casefiles.models import HouseholdMember, Person

from ..factories import CaseFileFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _indexed_keys() -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, search_key FROM casefiles_person_fts")
        return dict(cursor.fetchall())


def _names(actor, query) -> list[str]:
    return [m.person.birth_name for m in search_persons(actor=actor, query=query)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_the_index_follows_inserts_updates_and_deletes(world):
    casefile = CaseFileFactory(office=world.office)
    person = casefile.reference_person
    assert _indexed_keys()[person.pk] == person.search_key
    Person.objects.filter(pk=person.pk).update(search_key="quenouille anne")
    assert _indexed_keys()[person.pk] == "quenouille anne"
    pk = person.pk
    Person.objects.filter(pk=pk).delete()
    assert pk not in _indexed_keys()
    assert _indexed_keys() == dict(Person.objects.values_list("pk", "search_key"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_the_triggers_survive_every_migration():
    """Django rebuilds a SQLite table to alter it, which drops its triggers: a later
    migration of casefiles_person, casefiles_householdmember or casefiles_casefile must
    install them again (see migrations 0005 and 0013)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
            "('casefiles_person', 'casefiles_householdmember', 'casefiles_casefile')"
        )
        triggers = {name for (name,) in cursor.fetchall()}
    assert triggers >= {
        "casefiles_person_fts_insert",
        "casefiles_person_fts_update",
        "casefiles_person_fts_delete",
        "casefiles_person_office_person_update",
        "casefiles_person_office_person_delete",
        "casefiles_person_office_member_insert",
        "casefiles_person_office_member_update",
        "casefiles_person_office_member_delete",
        "casefiles_person_office_file_insert",
        "casefiles_person_office_file_update",
        "casefiles_person_office_file_delete",
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_postgresql_has_the_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'casefiles_person_search_key_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition


def test_bulk_inserted_persons_are_found(world):
    casefile = CaseFileFactory(office=world.office)
    people = Person.objects.bulk_create(
        [
            Person(birth_name=f"Vauquelin{n}", first_names="Rose", search_key=f"vauquelin{n} rose")
            for n in range(3)
        ]
    )
    for person in people:
        HouseholdMember.objects.create(
            household=casefile.household, person=person, relationship="child"
        )
    worker = world.users["social_worker"]
    assert _names(worker, "VAUQUELIN ros") == ["Vauquelin0", "Vauquelin1", "Vauquelin2"]
    assert _names(worker, "vauquelin1") == ["Vauquelin1"]
    assert _names(worker, "rose auq") == []


def test_a_renamed_person_is_found_by_the_new_name_only(world):
    person = CaseFileFactory(
        office=world.office, reference=PersonFactory(birth_name="Ardoin", first_names="Paul")
    ).reference_person
    worker = world.users["social_worker"]
    update_person(
        actor=worker,
        person_id=person.pk,
        expected_version=None,
        changes={"usage_name": "Saint-Éloi"},
    )
    assert _names(worker, "saint eloi paul") == ["Ardoin"]
    assert _names(worker, "ardoin") == ["Ardoin"]
    update_person(
        actor=worker, person_id=person.pk, expected_version=None, changes={"usage_name": ""}
    )
    assert _names(worker, "eloi") == []


def test_every_word_must_match_and_similar_needs_only_one(world):
    CaseFileFactory(
        office=world.office, reference=PersonFactory(birth_name="Benali", first_names="Mohammed")
    )
    worker = world.users["social_worker"]
    assert _names(worker, "ben moh") == ["Benali"]
    assert _names(worker, "ben xyz") == []
    assert [m.person.birth_name for m in similar_persons(actor=worker, query="Mohamed Bxx")] == []
    assert [m.person.birth_name for m in similar_persons(actor=worker, query="Mohamed")] == [
        "Benali"
    ]


def test_a_new_household_is_found_at_once(world):
    from lien.casefiles.households.services import register_household

    register_household(
        actor=world.users["secretary"],
        office_id=world.office.pk,
        reference=PersonData(birth_name="Ygrec", first_names="Zoé"),
    )
    assert _names(world.users["secretary"], "ygr zoe") == ["Ygrec"]
