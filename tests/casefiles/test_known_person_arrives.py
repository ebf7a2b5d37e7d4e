"""A person already in Lien arrives in a household: found by name on the file's page, in
another household of the office or of an office the user can see; the arrival is dated
in this household and the departure in the former one, both audited; a departure before
the arrival there, or a person the user cannot see, is refused in French, nothing saved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import HouseholdMember, MemberEnd, Relationship

from ..factories import CaseFileFactory, PersonFactory


def _ago(days):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def elsewhere(world):
    """Another household of the office, where Camille Arrivante lives since 100 days."""
    other = CaseFileFactory(office=world.office, referent=world.users[Role.SOCIAL_WORKER])
    person = PersonFactory(birth_name="Arrivante", first_names="Camille")
    HouseholdMember.objects.create(
        household=other.household,
        person=person,
        relationship=Relationship.CHILD,
        joined_on=_ago(100),
    )
    return other, person


def _post(client, world, person, days_ago, **extra):
    return client.post(
        f"/files/{world.file.pk}/members/arrives/?q=arrivante",
        {
            "person": person.pk,
            "joined_on": _ago(days_ago).strftime("%d/%m/%Y"),
            "relationship": Relationship.RELATIVE,
            **extra,
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )


def test_the_page_finds_the_person_with_their_file_and_records_both_sides(client, world, elsewhere):
    other, person = elsewhere
    client.force_login(world.users[Role.SECRETARY])
    page = client.get(
        f"/files/{world.file.pk}/members/arrives/?q=arrivante", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "ARRIVANTE Camille" in page and f"dossier n° {other.pk}" in page
    response = _post(client, world, person, 10)
    assert response.status_code == 302
    former = HouseholdMember.objects.get(household=other.household, person=person)
    assert (former.left_on, former.end_reason, former.moved_to_id) == (
        _ago(10),
        MemberEnd.LEFT,
        world.file.household_id,
    )
    here = HouseholdMember.objects.get(household=world.file.household, person=person)
    assert (here.joined_on, here.relationship, here.left_on) == (
        _ago(10),
        Relationship.RELATIVE,
        None,
    )
    audited = set(
        AuditEvent.objects.filter(
            actor=world.users[Role.SECRETARY], action="update", object_kind="person"
        ).values_list("household_id", flat=True)
    )
    assert audited == {world.file.household_id, other.household_id}


def test_arriving_before_the_arrival_in_the_former_household_is_refused(client, world, elsewhere):
    _other, person = elsewhere
    client.force_login(world.users[Role.SOCIAL_WORKER])
    response = _post(client, world, person, 150)
    assert response.status_code == 200
    assert "avant ce jour" in response.content.decode()
    assert HouseholdMember.objects.get(person=person).left_on is None
    assert not world.file.household.members.filter(person=person).exists()


def test_a_person_the_user_cannot_see_is_refused_in_words(client, world):
    """A member of the other office's file, which this secretary cannot see: her id
    posted by hand is refused with a sentence, and nothing moves."""
    stranger = world.other_file.household.members.get(relationship="reference").person
    client.force_login(world.users[Role.SECRETARY])
    response = _post(client, world, stranger, 1)
    assert response.status_code == 200
    assert "Choisissez une personne trouvée dans les circonscriptions que vous voyez" in (
        response.content.decode()
    )
    assert not world.file.household.members.filter(person=stranger).exists()
    assert stranger.memberships.get().left_on is None


def test_the_service_itself_refuses_a_person_out_of_sight(world):
    from django.core.exceptions import ValidationError

    from lien.casefiles.changes import services

    stranger = world.other_file.household.members.get(relationship="reference").person
    with pytest.raises(ValidationError, match="circonscriptions que vous voyez"):
        services.member_arrives(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            person_id=stranger.pk,
            relationship=Relationship.OTHER,
            joined_on=_ago(1),
        )
    assert stranger.memberships.get().left_on is None
