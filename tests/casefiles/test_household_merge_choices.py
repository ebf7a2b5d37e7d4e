"""Merging two households field by field: the preview page shows both compositions, the
result, what becomes of each file and the values that differ; the manager chooses the
reference person, the referent and each situation value; the undo restores exactly."""

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError

from lien.accounts.roles import Role
from lien.casefiles.merges import services
from lien.casefiles.models import (
    CaseFile,
    HouseholdMember,
    Merge,
    Person,
    Relationship,
    SituationValue,
)

from ..factories import UserFactory, full_file, member


def _state():
    rows = []
    for model in (Person, HouseholdMember, CaseFile, SituationValue):
        rows.extend(serializers.serialize("python", model.objects.order_by("pk")))
    for row in rows:
        row["fields"].pop("updated_at", None)
    return rows


@pytest.fixture
def twins(world):
    """A duplicate household in the same office, with another referent and another
    value for the kept file's situation item."""
    other_worker = member(Role.SOCIAL_WORKER, world.office)
    duplicate = full_file(world.office, other_worker)
    kept_value = world.file.situation.get()
    SituationValue.objects.create(
        casefile=duplicate, item=kept_value.item, value="Hébergé", recorded_by=other_worker
    )
    return duplicate, kept_value.item, other_worker


def _reference(casefile):
    return casefile.household.members.get(left_on__isnull=True, relationship=Relationship.REFERENCE)


def test_the_preview_shows_both_households_and_each_difference(client, world, twins):
    duplicate, item, other_worker = twins
    client.force_login(world.users[Role.MANAGER])
    page = client.get(
        f"/duplicates/households/?kept={world.file.pk}&absorbed={duplicate.pk}",
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    for person in (_reference(world.file).person, _reference(duplicate).person):
        assert person.full_name in page
    assert f"devient un avec le dossier n° {world.file.pk}" in page
    assert "Locataire" in page and "Hébergé" in page
    assert str(other_worker) in page
    assert 'name="reference"' in page and 'name="referent"' in page
    assert f'name="situation_{item.pk}"' in page
    assert CaseFile.objects.filter(pk=duplicate.pk).exists()  # a preview merges nothing


def test_the_values_chosen_stay_and_the_undo_restores_exactly(client, world, twins):
    duplicate, item, other_worker = twins
    absorbed_reference = _reference(duplicate).person
    before = _state()
    client.force_login(world.users[Role.MANAGER])
    response = client.post(
        "/duplicates/households/",
        {
            "kept": world.file.pk,
            "absorbed": duplicate.pk,
            "reference": "absorbed",
            "referent": "absorbed",
            f"situation_{item.pk}": "absorbed",
        },
    )
    assert response.status_code == 302
    kept = CaseFile.objects.get(pk=world.file.pk)
    assert not CaseFile.objects.filter(pk=duplicate.pk).exists()
    assert _reference(kept).person == absorbed_reference
    assert kept.household.members.filter(left_on__isnull=True).count() == 2
    assert kept.referent == other_worker
    assert kept.situation.get(item=item, superseded_at__isnull=True).value == "Hébergé"
    assert kept.situation.filter(item=item, superseded_at__isnull=False).get().value == (
        "Locataire"
    )
    merge = Merge.objects.get()
    services.undo_merge(actor=world.users[Role.MANAGER], merge_id=merge.pk)
    assert _state() == before


def test_without_choices_the_kept_household_values_stay(world, twins):
    duplicate, item, _other_worker = twins
    kept_reference = _reference(world.file).person
    services.merge_households(
        actor=world.users[Role.MANAGER], kept_file_id=world.file.pk, absorbed_file_id=duplicate.pk
    )
    kept = CaseFile.objects.get(pk=world.file.pk)
    assert _reference(kept).person == kept_reference
    assert kept.referent == world.users[Role.SOCIAL_WORKER]
    assert kept.situation.get(item=item, superseded_at__isnull=True).value == "Locataire"


def test_an_unknown_choice_is_refused_and_nothing_is_merged(world, twins):
    duplicate, _item, _other_worker = twins
    before = _state()
    with pytest.raises(ValidationError, match="la valeur qui reste"):
        services.merge_households(
            actor=world.users[Role.MANAGER],
            kept_file_id=world.file.pk,
            absorbed_file_id=duplicate.pk,
            choices={"birth_name": "absorbed"},
        )
    assert _state() == before


def test_the_preview_of_a_file_the_manager_cannot_see_answers_404(client, world):
    client.force_login(world.users[Role.MANAGER])
    response = client.get(
        f"/duplicates/households/?kept={world.file.pk}&absorbed={world.other_file.pk}"
    )
    assert response.status_code == 404
    stranger = UserFactory()
    client.force_login(stranger)
    assert (
        client.get(
            f"/duplicates/households/?kept={world.file.pk}&absorbed={world.file.pk}"
        ).status_code
        == 404
    )
