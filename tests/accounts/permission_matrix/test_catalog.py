"""The permission matrix of the catalogue. The catalogue holds no personal data, but only
the administrator governs it and only the DPO approves sensitive items; the items a role
may see depend on the role in the office."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lien.accounts.roles import Role
from lien.catalog import selectors as catalog_selectors
from lien.catalog import services as catalog_services
from lien.catalog.models import Family, Status
from lien.privacy.register import selectors as register_selectors

from ...factories import ItemFactory, pending_item
from .matrix import ADM, DPO, MGR, NONE, SEC, SW, check, found_in

CATALOG_RULES = {
    "catalog.selectors.situation_items_for": (
        lambda a, t: found_in(
            ItemFactory(family=Family.SITUATION, visible_to_roles=[SW, SEC, MGR]),
            catalog_selectors.situation_items_for(actor=a, office_id=t.office.pk),
        ),
        {SW, SEC, MGR},
        NONE,
    ),
    "catalog.selectors.items_awaiting_approval_for": (
        lambda a, t: found_in(
            pending_item(t.worker), catalog_selectors.items_awaiting_approval_for(actor=a)
        ),
        {DPO},
        {DPO},
    ),
    "catalog.selectors.item_history_for": (
        lambda a, t: (
            catalog_selectors.item_history_for(actor=a, item_id=ItemFactory().pk) is not None
        ),
        {DPO, ADM},
        {DPO, ADM},
    ),
    "catalog.selectors.catalog_items_for": (
        lambda a, t: found_in(ItemFactory(), catalog_selectors.catalog_items_for(actor=a)),
        {DPO, ADM},
        {DPO, ADM},
    ),
    "catalog.selectors.item_for": (
        lambda a, t: catalog_selectors.item_for(actor=a, pk=ItemFactory().pk) is not None,
        {DPO, ADM},
        {DPO, ADM},
    ),
    "catalog.selectors.versions_for": (
        lambda a, t: catalog_selectors.versions_for(actor=a) is not None,
        {DPO, ADM},
        {DPO, ADM},
    ),
    "catalog.selectors.version_diff_for": (
        lambda a, t: catalog_selectors.version_diff_for(actor=a, number=0) is not None,
        {DPO, ADM},
        {DPO, ADM},
    ),
    "catalog.selectors.usage_report_for": (
        lambda a, t: (
            catalog_selectors.usage_report_for(
                actor=a,
                start=timezone.localdate() - timedelta(days=30),
                end=timezone.localdate(),
                office_id=t.office.pk,
            )
            is not None
        ),
        {DPO, ADM},
        {DPO, ADM},
    ),
    "privacy.register.selectors.generated_document_for": (
        lambda a, t: bool(register_selectors.generated_document_for(actor=a, kind="register")),
        {DPO, ADM},
        {DPO, ADM},
    ),
    "catalog.services.create_item": (
        lambda a, t: (
            catalog_services.create_item(
                actor=a, code="new-item", family=Family.PROBLEM, label_fr="Nouveau", label_en="New"
            )
            is not None
        ),
        {ADM},
        {ADM},
    ),
    "catalog.services.update_item": (
        lambda a, t: (
            catalog_services.update_item(
                actor=a, item_id=ItemFactory().pk, changes={"owner": "Pôle logement"}
            )
            is not None
        ),
        {ADM},
        {ADM},
    ),
    "catalog.services.activate_item": (
        lambda a, t: (
            catalog_services.activate_item(
                actor=a, item_id=ItemFactory(status=Status.DRAFT).pk
            ).activated
        ),
        {ADM},
        {ADM},
    ),
    "catalog.services.approve_item": (
        lambda a, t: (
            catalog_services.approve_item(actor=a, item_id=pending_item(t.worker).pk).status
            == Status.ACTIVE
        ),
        {DPO},
        {DPO},
    ),
    "catalog.services.refuse_item": (
        lambda a, t: (
            catalog_services.refuse_item(
                actor=a, item_id=pending_item(t.worker).pk, reason="Not needed."
            )
            is not None
        ),
        {DPO},
        {DPO},
    ),
    "catalog.services.set_item_status": (
        lambda a, t: (
            catalog_services.set_item_status(
                actor=a, item_id=ItemFactory().pk, status=Status.RETIRED
            ).status
            == Status.RETIRED
        ),
        {ADM},
        {ADM},
    ),
    "catalog.services.save_catalog_version": (
        lambda a, t: catalog_services.save_catalog_version(actor=a) is not None,
        {ADM},
        {ADM},
    ),
    "catalog.services.import_catalog": (
        lambda a, t: (
            catalog_services.import_catalog(
                actor=a,
                rows=[
                    {
                        "_row": 1,
                        "code": "imported-item",
                        "family": "problem",
                        "label_fr": "Importé",
                        "label_en": "Imported",
                    }
                ],
            ).created
            == ["imported-item"]
        ),
        {ADM},
        {ADM},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(CATALOG_RULES))
def test_matrix(world, name, role, scope):
    check(world, CATALOG_RULES, name, role, scope)
