"""Household changes with dates: arrivals, departures, deaths, a new reference person and
a separation; the past composition is kept, statistics count the composition of each
event's day, and bad input changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.changes import services
from lien.casefiles.changes.services import Separation
from lien.casefiles.models import CaseFile, HouseholdMember, MemberEnd, Person, Relationship
from lien.stats.models import Kind, StatEvent

from ..factories import PersonFactory


def _days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def _member(casefile, relationship, joined_days_ago=300, **person):
    person = PersonFactory(**person)
    HouseholdMember.objects.create(
        household=casefile.household,
        person=person,
        relationship=relationship,
        joined_on=_days_ago(joined_days_ago),
    )
    return person


@pytest.fixture
def family(world):
    casefile = world.file
    casefile.household.members.update(joined_on=_days_ago(400))
    CaseFile.objects.filter(pk=casefile.pk).update(opened_on=_days_ago(400))
    casefile.refresh_from_db()
    partner = _member(casefile, Relationship.PARTNER)
    child = _member(casefile, Relationship.CHILD, joined_days_ago=200)
    return casefile, casefile.household.members.get(relationship="reference").person, partner, child


def _snapshot(casefile):
    return sorted(
        HouseholdMember.objects.filter(household=casefile.household).values_list(
            "person_id", "relationship", "joined_on", "left_on", "end_reason"
        )
    )


def test_a_member_leaving_stays_in_the_history(world, family):
    casefile, _reference, partner, _child = family
    services.member_leaves(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=casefile.pk,
        person_id=partner.pk,
        left_on=_days_ago(10),
    )
    period = HouseholdMember.objects.get(person=partner)
    assert (period.left_on, period.end_reason) == (_days_ago(10), MemberEnd.LEFT)


def test_a_member_cannot_leave_before_arriving_and_nothing_changes(world, family):
    casefile, _reference, _partner, child = family
    before = _snapshot(casefile)
    with pytest.raises(ValidationError) as refused:
        services.member_leaves(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=casefile.pk,
            person_id=child.pk,
            left_on=_days_ago(250),
        )
    assert "ne peut pas en partir avant" in str(refused.value)
    assert _snapshot(casefile) == before


def test_a_member_leaving_for_a_known_household_arrives_there(world, family):
    casefile, _reference, partner, _child = family
    other = CaseFile.objects.create(household=_other_household(), office=world.office)
    services.member_leaves(
        actor=world.users[Role.SECRETARY],
        casefile_id=casefile.pk,
        person_id=partner.pk,
        left_on=_days_ago(5),
        joins_casefile_id=other.pk,
        relationship=Relationship.PARTNER,
    )
    assert HouseholdMember.objects.get(person=partner, left_on__isnull=False).moved_to_id == (
        other.household_id
    )
    assert other.household.members.filter(person=partner, joined_on=_days_ago(5)).exists()


def _other_household():
    from lien.casefiles.models import Household

    household = Household.objects.create()
    HouseholdMember.objects.create(
        household=household, person=PersonFactory(), relationship=Relationship.REFERENCE
    )
    return household


def test_a_death_in_the_future_is_refused(world, family):
    casefile, _reference, partner, _child = family
    with pytest.raises(ValidationError, match="dans le futur"):
        services.record_death(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=casefile.pk,
            person_id=partner.pk,
            died_on=timezone.localdate() + timedelta(days=1),
        )
    assert Person.objects.get(pk=partner.pk).died_on is None


def test_the_reference_person_dies_and_another_takes_over(world, family):
    casefile, reference, partner, _child = family
    actor = world.users[Role.SOCIAL_WORKER]
    with pytest.raises(ValidationError, match="personne de référence"):
        services.record_death(
            actor=actor, casefile_id=casefile.pk, person_id=reference.pk, died_on=_days_ago(3)
        )
    services.record_death(
        actor=actor,
        casefile_id=casefile.pk,
        person_id=reference.pk,
        died_on=_days_ago(3),
        new_reference_id=partner.pk,
    )
    current = casefile.household.members.filter(left_on__isnull=True)
    assert current.get(relationship=Relationship.REFERENCE).person == partner
    assert Person.objects.get(pk=reference.pk).died_on == _days_ago(3)


def test_a_change_of_reference_keeps_both_periods(world, family):
    casefile, reference, partner, _child = family
    services.change_reference(
        actor=world.users[Role.SECRETARY],
        casefile_id=casefile.pk,
        person_id=partner.pk,
        changed_on=_days_ago(20),
    )
    periods = HouseholdMember.objects.filter(person=reference).order_by("joined_on")
    assert [(p.relationship, p.end_reason) for p in periods] == [
        (Relationship.REFERENCE, MemberEnd.RELATIONSHIP),
        (Relationship.PARTNER, ""),
    ]


def test_a_separation_splits_members_problems_and_aid(world, family):
    casefile, reference, partner, child = family
    problem, aid = casefile.problems.get(), casefile.aid_requests.get()
    new_file = services.separate_household(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=casefile.pk,
        split=Separation(
            leaving=[partner.pk, child.pk],
            new_reference_id=partner.pk,
            separated_on=_days_ago(7),
            problem_ids=[problem.pk],
            aid_request_ids=[aid.pk],
            referent_id=world.users[Role.SOCIAL_WORKER].pk,
        ),
    )
    staying = casefile.household.members.filter(left_on__isnull=True)
    assert [m.person for m in staying] == [reference]
    moved = new_file.household.members.filter(left_on__isnull=True)
    assert {(m.person, m.relationship) for m in moved} == {
        (partner, Relationship.REFERENCE),
        (child, Relationship.CHILD),
    }
    assert list(new_file.problems.all()) == [problem]
    assert list(new_file.aid_requests.all()) == [aid]
    assert casefile.problems.count() == casefile.aid_requests.count() == 0
    assert new_file.office_id == casefile.office_id and new_file.opened_on == _days_ago(7)


def test_a_separation_where_everyone_leaves_is_refused(world, family):
    casefile, reference, partner, child = family
    before = (_snapshot(casefile), CaseFile.objects.count())
    with pytest.raises(ValidationError, match="doit rester"):
        services.separate_household(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=casefile.pk,
            split=Separation(
                leaving=[reference.pk, partner.pk, child.pk],
                new_reference_id=partner.pk,
                separated_on=_days_ago(7),
            ),
        )
    assert (_snapshot(casefile), CaseFile.objects.count()) == before


def test_statistics_count_the_composition_of_the_event_day(world, family):
    """A couple with a child separates: the new household's first event counts a
    single-parent family, not the couple it was."""
    casefile, _reference, partner, child = family
    new_file = services.separate_household(
        actor=world.users[Role.SOCIAL_WORKER],
        casefile_id=casefile.pk,
        split=Separation(
            leaving=[partner.pk, child.pk], new_reference_id=partner.pk, separated_on=_days_ago(1)
        ),
    )
    assert new_file.pk
    situation = StatEvent.objects.get(kind=Kind.SITUATION, office=world.office)
    assert situation.household_type == "single-parent"


def test_the_leave_page_refuses_a_departure_before_the_arrival_in_french(client, world, family):
    casefile, _reference, _partner, child = family
    client.force_login(world.users[Role.SECRETARY])
    response = client.post(
        f"/files/{casefile.pk}/members/{child.pk}/leave/",
        {"left_on": _days_ago(250).strftime("%d/%m/%Y"), "relationship": Relationship.OTHER},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    assert "ne peut pas en partir avant" in response.content.decode()
    assert HouseholdMember.objects.get(person=child).left_on is None
