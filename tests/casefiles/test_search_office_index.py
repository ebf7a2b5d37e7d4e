"""Person search looks the actor's offices up inside the index (migrations casefiles/0014
and 0019): each person's words are indexed per office of the files of the households they
are a member of now, kept by triggers whichever way persons, members and files are
written, on SQLite and PostgreSQL."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lien.casefiles.changes.services import member_leaves
from lien.casefiles.households.selectors import find_persons, search_persons
from lien.casefiles.models import CaseFile, HouseholdMember, Person, Relationship

from ..factories import CaseFileFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _office_keys() -> dict[int, str]:
    """{person id: the office-prefixed words indexed for them}."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, keys FROM casefiles_person_office_fts")
        else:
            cursor.execute("SELECT person_id, keys::text FROM casefiles_person_office_key")
        return dict(cursor.fetchall())


def _term(office, word: str) -> str:
    return f"o{office.pk:06d}{word}"


def _names(actor, query) -> list[str]:
    return [m.person.birth_name for m in search_persons(actor=actor, query=query)]


def test_a_person_is_indexed_in_the_offices_of_their_files_only(world):
    casefile = CaseFileFactory(office=world.office, reference__birth_name="Quenouille")
    person = casefile.reference_person
    keys = _office_keys()[person.pk]
    assert _term(world.office, "quenouille") in keys
    assert _term(world.other_office, "quenouille") not in keys
    # A second file of the household in the other office: indexed there too.
    CaseFile.objects.create(
        household=casefile.household, office=world.other_office, opened_on=casefile.opened_on
    )
    assert _term(world.other_office, "quenouille") in _office_keys()[person.pk]


def test_the_index_follows_names_members_transfers_and_deletions(world):
    worker, other = world.users["social_worker"], world.other_worker
    casefile = CaseFileFactory(office=world.office, reference__birth_name="Quenouille")
    person = casefile.reference_person
    assert _names(worker, "quen") == ["Quenouille"]
    assert _names(other, "quen") == []
    # Renamed by a raw update: found under the new name only.
    Person.objects.filter(pk=person.pk).update(search_key="vauquelin anne")
    assert _names(worker, "quen") == []
    assert [m.person.pk for m in search_persons(actor=worker, query="vauq")] == [person.pk]
    # The file moves to the other office: the person follows it.
    CaseFile.objects.filter(pk=casefile.pk).update(office=world.other_office)
    assert search_persons(actor=worker, query="vauq") == []
    assert [m.person.pk for m in search_persons(actor=other, query="vauq")] == [person.pk]
    # A member added by a bulk insert is found; removed, is not.
    newcomer = PersonFactory(birth_name="Zabulon", first_names="Rose")
    HouseholdMember.objects.bulk_create(
        [HouseholdMember(household=casefile.household, person=newcomer, relationship="child")]
    )
    assert _names(other, "zab ros") == ["Zabulon"]
    HouseholdMember.objects.filter(person=newcomer).delete()
    assert _names(other, "zab") == []
    assert newcomer.pk not in _office_keys()


def test_the_search_asks_the_index_for_the_actors_offices_only(world):
    """The office is in the index lookup itself (not a filter after the match)."""
    CaseFileFactory(office=world.office, reference__birth_name="Martinez")
    CaseFileFactory(office=world.other_office, reference__birth_name="Martineau")
    worker = world.users["social_worker"]
    with CaptureQueriesContext(connection) as captured:
        result = find_persons(actor=worker, query="mart")
    assert [m.person.birth_name for m in result.matches] == ["Martinez"]
    search = next(q["sql"] for q in captured if "casefiles_person_office" in q["sql"])
    assert _term(world.office, "mart") in search
    assert _term(world.other_office, "mart") not in search


def test_every_word_must_start_a_name_word_in_one_of_the_offices(world):
    CaseFileFactory(
        office=world.office, reference__birth_name="Dupont", reference__first_names="Jean-Marc"
    )
    worker = world.users["social_worker"]
    assert _names(worker, "dup jea") == ["Dupont"]
    assert _names(worker, "dup mar") == ["Dupont"]
    assert _names(worker, "dup pie") == []


def test_a_member_who_left_is_no_longer_found_through_the_former_households_office(world):
    """Migration 0019: only the current memberships (`left_on` empty) index a person."""
    worker, other = world.users["social_worker"], world.other_worker
    casefile = CaseFileFactory(office=world.office, reference__birth_name="Quenouille")
    leaver = PersonFactory(birth_name="Zabulon", first_names="Rose")
    HouseholdMember.objects.create(
        household=casefile.household, person=leaver, relationship=Relationship.CHILD
    )
    assert _names(worker, "zab") == ["Zabulon"]
    member_leaves(
        actor=worker,
        casefile_id=casefile.pk,
        person_id=leaver.pk,
        left_on=timezone.localdate(),
    )
    assert _names(worker, "zab") == []
    assert leaver.pk not in _office_keys()
    # The departure corrected (left_on emptied by hand): found there again.
    HouseholdMember.objects.filter(person=leaver).update(left_on=None)
    assert _names(worker, "zab") == ["Zabulon"]
    assert _names(other, "zab") == []


def test_a_member_who_left_stays_found_where_they_are_still_a_member(world):
    worker, other = world.users["social_worker"], world.other_worker
    former = CaseFileFactory(office=world.office, reference__birth_name="Quenouille")
    same_office = CaseFileFactory(office=world.office, reference__birth_name="Vauquelin")
    elsewhere = CaseFileFactory(office=world.other_office, reference__birth_name="Martineau")
    mover = PersonFactory(birth_name="Zabulon", first_names="Rose")
    for casefile in (former, same_office, elsewhere):
        HouseholdMember.objects.create(
            household=casefile.household, person=mover, relationship=Relationship.OTHER
        )
    HouseholdMember.objects.filter(person=mover, household=former.household).update(
        left_on=former.opened_on
    )
    # Still a member of another household of the same office, and of one elsewhere.
    assert _names(worker, "zab") == ["Zabulon"]
    assert _names(other, "zab") == ["Zabulon"]
    HouseholdMember.objects.filter(person=mover, household=same_office.household).update(
        left_on=same_office.opened_on
    )
    assert _names(worker, "zab") == []
    assert _names(other, "zab") == ["Zabulon"]
    keys = _office_keys()[mover.pk]
    assert _term(world.office, "zabulon") not in keys
    assert _term(world.other_office, "zabulon") in keys


def _run_migration_0019(direction: str) -> None:
    migration = importlib.import_module("lien.casefiles.migrations.0019_search_follows_left_on")
    with connection.cursor() as cursor:
        for statement in getattr(migration, direction)[connection.vendor]:
            cursor.execute(statement)


def test_migration_0019_reindexes_those_who_left_and_reverses(world):
    casefile = CaseFileFactory(office=world.office, reference__birth_name="Quenouille")
    leaver = PersonFactory(birth_name="Zabulon", first_names="Rose")
    HouseholdMember.objects.create(
        household=casefile.household,
        person=leaver,
        relationship=Relationship.CHILD,
        left_on=casefile.opened_on,
    )
    assert leaver.pk not in _office_keys()
    # Backwards: the index and triggers of 0014, which kept the former household's office.
    _run_migration_0019("BACKWARD")
    assert _term(world.office, "zabulon") in _office_keys()[leaver.pk]
    # Forwards on such an index: those who left are indexed again, without that office.
    _run_migration_0019("FORWARD")
    assert leaver.pk not in _office_keys()
    assert _term(world.office, "quenouille") in _office_keys()[casefile.reference_person.pk]
