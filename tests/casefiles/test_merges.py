"""Merging duplicates: field by field, everything attached follows, the statistical layer
counts one household without learning who, and the undo restores exactly."""

from datetime import timedelta

import pytest
import time_machine
from django.core import serializers
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles import statistics
from lien.casefiles.merges import services
from lien.casefiles.models import (
    AidRequest,
    Appointment,
    CaseFile,
    HouseholdMember,
    Note,
    Person,
    Problem,
    Visit,
)
from lien.stats.models import Kind, StatEvent

from ..factories import full_file


def _state():
    """Every row a merge may touch, as serialised: equal before a merge and after its undo."""
    rows = []
    for model in (Person, HouseholdMember, CaseFile, Problem, AidRequest, Visit, Appointment, Note):
        rows.extend(serializers.serialize("python", model.objects.order_by("pk")))
    for row in rows:
        row["fields"].pop("updated_at", None)
        # A note serialises encrypted, under a fresh nonce each time: compared in clear.
        if "text" in row["fields"]:
            row["fields"]["text"] = Note.objects.get(pk=row["pk"]).text
    return rows


def test_two_persons_merge_field_by_field_and_the_undo_restores_exactly(world):
    manager = world.users[Role.MANAGER]
    duplicate_file = full_file(world.office, world.users[Role.SOCIAL_WORKER])
    kept = world.file.household.members.get().person
    absorbed = duplicate_file.household.members.get().person
    Person.objects.filter(pk=absorbed.pk).update(phone="0612345678")
    before = _state()
    merge = services.merge_persons(
        actor=manager, kept_id=kept.pk, absorbed_id=absorbed.pk, choices={"phone": "absorbed"}
    )
    assert Person.objects.get(pk=kept.pk).phone == "0612345678"
    assert Visit.objects.filter(person=absorbed).count() == 0
    assert Visit.objects.filter(person=kept).count() == 2
    assert duplicate_file.household.members.get().person_id == kept.pk
    services.undo_merge(actor=manager, merge_id=merge.pk)
    assert _state() == before


def test_a_person_of_an_office_the_manager_cannot_see_is_refused_without_oracle(world):
    manager = world.users[Role.MANAGER]
    kept = world.file.household.members.get().person
    elsewhere = world.other_file.household.members.get().person
    with pytest.raises(Http404):
        services.merge_persons(actor=manager, kept_id=kept.pk, absorbed_id=elsewhere.pk, choices={})
    with pytest.raises(Http404):
        services.merge_persons(actor=manager, kept_id=kept.pk, absorbed_id=999999, choices={})
    assert HouseholdMember.objects.filter(person=elsewhere).exists()


def test_two_households_merge_and_statistics_count_one(world):
    manager = world.users[Role.MANAGER]
    worker = world.users[Role.SOCIAL_WORKER]
    duplicate_file = full_file(world.office, worker)
    day = timezone.localdate()
    for casefile in (world.file, duplicate_file):
        statistics.record(casefile, Kind.VISIT, day)
    assert StatEvent.objects.filter(kind=Kind.SITUATION).count() == 2
    before = _state()
    merge = services.merge_households(
        actor=manager, kept_file_id=world.file.pk, absorbed_file_id=duplicate_file.pk
    )
    assert not CaseFile.objects.filter(pk=duplicate_file.pk).exists()
    assert world.file.problems.count() == 2 and world.file.aid_requests.count() == 2
    assert world.file.household.members.filter(left_on__isnull=True).count() == 2
    assert StatEvent.objects.filter(kind=Kind.SITUATION).count() == 1
    assert (
        StatEvent.objects.filter(kind=Kind.VISIT).values("household_token").distinct().count() == 1
    )
    services.undo_merge(actor=manager, merge_id=merge.pk)
    assert _state() == before
    assert StatEvent.objects.filter(kind=Kind.SITUATION).count() == 2
    assert (
        StatEvent.objects.filter(kind=Kind.VISIT).values("household_token").distinct().count() == 2
    )


def test_a_merge_cannot_be_undone_after_thirty_days(world):
    manager = world.users[Role.MANAGER]
    duplicate_file = full_file(world.office, world.users[Role.SOCIAL_WORKER])
    merge = services.merge_households(
        actor=manager, kept_file_id=world.file.pk, absorbed_file_id=duplicate_file.pk
    )
    with (
        time_machine.travel(timezone.now() + timedelta(days=31)),
        pytest.raises(ValidationError, match="30 jours"),
    ):
        services.undo_merge(actor=manager, merge_id=merge.pk)


def test_only_the_manager_merges(world):
    duplicate_file = full_file(world.office, world.users[Role.SOCIAL_WORKER])
    for role in (Role.SOCIAL_WORKER, Role.SECRETARY):
        with pytest.raises(Http404):
            services.merge_households(
                actor=world.users[role],
                kept_file_id=world.file.pk,
                absorbed_file_id=duplicate_file.pk,
            )


def test_a_merge_past_its_undo_period_is_settled_by_the_retention_run(world):
    from django.core.management import call_command

    from lien.casefiles.models import Household, Merge
    from lien.stats.models import MergedTokens

    manager = world.users[Role.MANAGER]
    duplicate_file = full_file(world.office, world.users[Role.SOCIAL_WORKER])
    statistics.record(duplicate_file, Kind.VISIT, timezone.localdate())
    merge = services.merge_households(
        actor=manager, kept_file_id=world.file.pk, absorbed_file_id=duplicate_file.pk
    )
    assert MergedTokens.objects.exists()
    call_command("apply_retention", "--wet-run")
    assert Merge.objects.filter(pk=merge.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        call_command("apply_retention", "--wet-run")
    assert not Merge.objects.filter(pk=merge.pk).exists()
    assert not Household.objects.filter(pk=merge.absorbed_id).exists()
    assert not MergedTokens.objects.exists()


def test_the_same_person_twice_in_one_household_keeps_the_reference(world):
    from lien.casefiles.models import Relationship

    manager = world.users[Role.MANAGER]
    household = world.file.household
    reference = household.members.get().person
    twin = Person.objects.create(
        birth_name=reference.birth_name, first_names=reference.first_names, search_key="x"
    )
    HouseholdMember.objects.create(household=household, person=twin, relationship="other")
    before = _state()
    merge = services.merge_persons(
        actor=manager, kept_id=twin.pk, absorbed_id=reference.pk, choices={}
    )
    current = household.members.filter(left_on__isnull=True)
    assert [(m.person_id, m.relationship) for m in current] == [(twin.pk, Relationship.REFERENCE)]
    services.undo_merge(actor=manager, merge_id=merge.pk)
    assert _state() == before
