"""The catalogue's rules: nothing unjustified or forbidden is offered, sensitive items
need a second person (the DPO), retired items stay readable, every change is recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.files import selectors as file_selectors
from lien.casefiles.models import SituationValue
from lien.casefiles.situation import services as situation_services
from lien.catalog import services
from lien.catalog.models import ChangeKind, Family, Item, ItemChange, Sensitivity, Status

from ..factories import ItemFactory, member

pytestmark = pytest.mark.django_db


def draft(**fields):
    return ItemFactory(status=Status.DRAFT, **fields)


@pytest.mark.parametrize(
    ("missing", "reason"),
    [
        ({"purposes": []}, "Declare at least one purpose."),
        ({"legal_basis": ""}, "Declare the legal basis."),
        ({"retention_family": ""}, "Declare the retention family."),
        ({"justification": "  "}, "Write the justification"),
        ({"visible_to_roles": []}, "Say which roles may see it."),
    ],
)
def test_an_unjustified_item_cannot_be_activated(world, settings, missing, reason):
    settings.LANGUAGE_CODE = "en"
    item = draft(**missing)
    with pytest.raises(ValidationError) as refused:
        services.activate_item(actor=world.users[Role.ADMIN], item_id=item.pk)
    assert any(reason in m for m in refused.value.messages)
    item.refresh_from_db()
    assert item.status == Status.DRAFT


@pytest.mark.parametrize(
    "fields",
    [
        {"sensitivity": Sensitivity.FORBIDDEN},
        {"code": "religion", "label_fr": "Religion", "label_en": "Religion"},
        {"code": "nir", "label_fr": "NIR", "label_en": "Social security number"},
        {"code": "origine", "label_fr": "Origine ethnique", "label_en": "Ethnic origin"},
    ],
)
def test_a_forbidden_item_can_never_be_activated(world, fields):
    item = draft(**fields)
    with pytest.raises(ValidationError) as refused:
        services.activate_item(actor=world.users[Role.ADMIN], item_id=item.pk)
    assert "interdite" in " ".join(refused.value.messages)  # the reason, in French
    assert Item.objects.get(pk=item.pk).status == Status.DRAFT


def test_a_sensitive_item_needs_the_dpo_who_is_another_person(world):
    admin, dpo = world.users[Role.ADMIN], world.users[Role.DPO]
    item = draft(family=Family.SITUATION, sensitivity=Sensitivity.SENSITIVE)
    result = services.activate_item(actor=admin, item_id=item.pk)
    assert not result.activated
    item.refresh_from_db()
    assert item.status == Status.DRAFT and item.awaiting_approval
    assert item.approval_requested_by == admin
    # The administrator cannot approve; a DPO who proposed it cannot either.
    with pytest.raises(Http404):
        services.approve_item(actor=admin, item_id=item.pk)
    dpo_who_proposes = member(Role.DPO, world.office)
    dpo_who_proposes_item = draft(
        sensitivity=Sensitivity.SENSITIVE, approval_requested_by=dpo_who_proposes
    )
    dpo_who_proposes_item.approval_requested_at = item.approval_requested_at
    dpo_who_proposes_item.save()
    with pytest.raises(ValidationError, match="ne peut pas aussi l'approuver"):
        services.approve_item(actor=dpo_who_proposes, item_id=dpo_who_proposes_item.pk)
    approved = services.approve_item(actor=dpo, item_id=item.pk)
    assert approved.status == Status.ACTIVE and approved.approved_by == dpo
    kinds = list(ItemChange.objects.filter(item=item).values_list("kind", flat=True))
    assert ChangeKind.PROPOSED in kinds and ChangeKind.APPROVED in kinds
    assert AuditEvent.objects.filter(
        actor=dpo, object_kind="catalog_item", object_id=str(item.pk)
    ).exists()


def test_the_dpo_refuses_with_a_reason(world):
    item = draft(sensitivity=Sensitivity.SENSITIVE)
    services.activate_item(actor=world.users[Role.ADMIN], item_id=item.pk)
    with pytest.raises(ValidationError):
        services.refuse_item(actor=world.users[Role.DPO], item_id=item.pk, reason=" ")
    services.refuse_item(actor=world.users[Role.DPO], item_id=item.pk, reason="Pas nécessaire.")
    item.refresh_from_db()
    assert not item.awaiting_approval and item.status == Status.DRAFT
    change = ItemChange.objects.filter(item=item, kind=ChangeKind.REFUSED).get()
    assert change.reason == "Pas nécessaire." and change.actor == world.users[Role.DPO]


def test_an_item_in_use_cannot_lose_its_justification(world):
    item = ItemFactory()
    with pytest.raises(ValidationError):
        services.update_item(
            actor=world.users[Role.ADMIN], item_id=item.pk, changes={"justification": ""}
        )
    item.refresh_from_db()
    assert item.justification


def test_every_change_is_in_the_history_with_old_and_new_values(world):
    item = ItemFactory(owner="Pôle A")
    services.update_item(
        actor=world.users[Role.ADMIN], item_id=item.pk, changes={"owner": "Pôle B"}
    )
    change = ItemChange.objects.get(item=item, kind=ChangeKind.CHANGED)
    assert change.changes == {"owner": ["Pôle A", "Pôle B"]}
    assert change.actor == world.users[Role.ADMIN]


def test_a_retired_item_is_no_longer_offered_but_stays_readable_in_old_files(world):
    value = SituationValue.objects.get(casefile=world.file)
    item = value.item
    services.set_item_status(actor=world.users[Role.ADMIN], item_id=item.pk, status=Status.RETIRED)
    assert item not in Item.objects.offered(Family.SITUATION)
    page = file_selectors.file_page_for(actor=world.users[Role.SOCIAL_WORKER], pk=world.file.pk)
    assert value in page.situation

    with pytest.raises(ValidationError):
        situation_services.record_situation(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            item_id=item.pk,
            value="Autre",
        )


def test_a_retired_item_cannot_come_back_without_the_rules(world):
    item = ItemFactory()
    services.set_item_status(actor=world.users[Role.ADMIN], item_id=item.pk, status=Status.RETIRED)
    Item.objects.filter(pk=item.pk).update(justification="")
    with pytest.raises(ValidationError):
        services.activate_item(actor=world.users[Role.ADMIN], item_id=item.pk)
