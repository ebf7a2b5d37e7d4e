"""The catalogue's pages as their users meet them: the administrator's admin actions and
import, the DPO's approvals, the usage report, versions, exports."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lien.accounts.roles import Role
from lien.casefiles.models import Problem
from lien.catalog import selectors, services
from lien.catalog.exchange import to_xlsx
from lien.catalog.models import ChangeKind, Family, Item, ItemChange, Sensitivity, Status

from ..factories import ItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    admin = world.users[Role.ADMIN]
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    return client


def test_the_admin_refuses_to_activate_an_unjustified_or_forbidden_item_with_the_reason(
    admin_client, world
):
    unjustified = ItemFactory(status=Status.DRAFT, justification="")
    forbidden = ItemFactory(status=Status.DRAFT, code="religion", label_fr="Religion")
    fine = ItemFactory(status=Status.DRAFT)
    response = admin_client.post(
        "/admin/catalog/item/",
        {
            "action": "activate",
            "_selected_action": [unjustified.pk, forbidden.pk, fine.pk],
        },
        follow=True,
    )
    text = response.content.decode()
    assert f"{unjustified.code.capitalize()} refusé : Rédigez la justification" in text
    assert "Religion refusé : Cet élément relève d&#x27;une catégorie interdite" in text
    assert Item.objects.get(pk=unjustified.pk).status == Status.DRAFT
    assert Item.objects.get(pk=forbidden.pk).status == Status.DRAFT
    assert Item.objects.get(pk=fine.pk).status == Status.ACTIVE


def test_the_admin_form_shows_the_rules_and_records_the_change(admin_client, world):
    item = ItemFactory()
    url = f"/admin/catalog/item/{item.pk}/change/"
    form = admin_client.get(url)
    assert form.status_code == 200
    data = {
        "family": item.family,
        "label_fr": item.label_fr,
        "label_en": item.label_en,
        "help_fr": "",
        "help_en": "",
        "value_type": item.value_type,
        "choices": "[]",
        "sensitivity": item.sensitivity,
        "purposes": item.purposes,
        "legal_basis": item.legal_basis,
        "retention_family": item.retention_family,
        "visible_to_roles": item.visible_to_roles,
        "coarsening": "none",
        "owner": "Pôle insertion",
        "justification": "",
        "position": 0,
        "changes-TOTAL_FORMS": 0,
        "changes-INITIAL_FORMS": 0,
    }
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "Rédigez la justification" in refused.content.decode()
    data["justification"] = "Orientation vers le pôle insertion."
    saved = admin_client.post(url, data)
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.owner == "Pôle insertion"
    change = ItemChange.objects.get(item=item, kind=ChangeKind.CHANGED)
    assert change.actor == world.users[Role.ADMIN] and "owner" in change.changes


def test_the_dpo_approves_and_refuses_on_a_page(client, world):
    admin, dpo = world.users[Role.ADMIN], world.users[Role.DPO]
    first = ItemFactory(status=Status.DRAFT, sensitivity=Sensitivity.SENSITIVE, label_fr="Premier")
    second = ItemFactory(status=Status.DRAFT, sensitivity=Sensitivity.SENSITIVE, label_fr="Second")
    for item in (first, second):
        services.activate_item(actor=admin, item_id=item.pk)
    client.force_login(dpo)
    page = client.get("/catalogue/approvals/").content.decode()
    assert "Premier" in page and "Second" in page and "Approuver et activer" in page
    client.post(f"/catalogue/approvals/{first.pk}/approve/")
    assert Item.objects.get(pk=first.pk).status == Status.ACTIVE
    refused = client.post(
        f"/catalogue/approvals/{second.pk}/refuse/", {f"refuse-{second.pk}-reason": ""}
    )
    assert refused.status_code == 400 and "Ce champ est obligatoire" in refused.content.decode()
    client.post(
        f"/catalogue/approvals/{second.pk}/refuse/",
        {f"refuse-{second.pk}-reason": "Finalité non démontrée."},
    )
    assert not Item.objects.get(pk=second.pk).awaiting_approval
    for role in (Role.ADMIN, Role.SOCIAL_WORKER, Role.SECRETARY):
        client.force_login(world.users[role])
        assert client.get("/catalogue/approvals/").status_code == 404


def test_usage_report_counts_and_proposes_unused_items_for_retirement(client, world):
    used = Problem.objects.filter(casefile=world.file).first().item
    unused = ItemFactory(family=Family.PROBLEM, label_fr="Jamais utilisé")
    Item.objects.filter(pk=unused.pk).update(updated_at=timezone.now() - timedelta(days=400))
    lines = selectors.usage_report_for(
        actor=world.users[Role.DPO],
        start=timezone.localdate() - timedelta(days=30),
        end=timezone.localdate(),
        office_id=world.office.pk,
    )
    by_item = {line.item.pk: line for line in lines}
    assert by_item[used.pk].uses == 1 and not by_item[used.pk].propose_retirement
    assert by_item[unused.pk].uses == 0 and by_item[unused.pk].propose_retirement
    # In the other office the same item was not used.
    other = selectors.usage_report_for(
        actor=world.users[Role.DPO],
        start=timezone.localdate() - timedelta(days=30),
        end=timezone.localdate(),
        office_id=world.other_office.pk,
    )
    assert {line.item.pk: line.uses for line in other}[used.pk] == 0
    client.force_login(world.users[Role.ADMIN])
    page = client.get("/catalogue/usage/").content.decode()
    assert "Proposés au retrait" in page and "Jamais utilisé" in page
    bad = client.get("/catalogue/usage/", {"start": "2026-05-01", "end": "2026-01-01"})
    assert "La fin de la période précède son début." in bad.content.decode()


def test_import_page_lists_the_rows_to_correct_and_imports_nothing(admin_client, world):
    bad = Item(code="no-purpose", family="problem", label_fr="X", label_en="X", status="active")
    upload = SimpleUploadedFile("catalogue.xlsx", to_xlsx([bad]))
    response = admin_client.post("/catalogue/import/", {"file": upload})
    text = response.content.decode()
    assert "Ligne 2 (no-purpose) : Déclarez au moins une finalité." in text
    assert "rien n&#x27;a été importé" in text
    assert not Item.objects.filter(code="no-purpose").exists()
    good = Item(code="good", family="problem", label_fr="Bon", label_en="Good")
    response = admin_client.post(
        "/catalogue/import/", {"file": SimpleUploadedFile("c.xlsx", to_xlsx([good]))}
    )
    assert "1 créés" in response.content.decode()
    assert Item.objects.get(code="good").status == Status.DRAFT


def test_exports_versions_and_hub(admin_client, world):
    assert admin_client.get("/catalogue/").status_code == 200
    yaml_export = admin_client.get("/catalogue/export.yaml")
    assert yaml_export.status_code == 200 and b"items:" in yaml_export.content
    xlsx = admin_client.get("/catalogue/export.xlsx")
    assert xlsx.content[:2] == b"PK"
    services.save_catalog_version(actor=world.users[Role.ADMIN])
    assert "Comparer la version 1" in admin_client.get("/catalogue/versions/").content.decode()
    assert admin_client.get("/catalogue/versions/1/").status_code == 200
    assert admin_client.get("/catalogue/versions/0/").status_code == 200
    assert admin_client.get("/catalogue/versions/99/").status_code == 404


def test_the_dpo_reads_an_item_and_its_full_history(client, world):
    item = ItemFactory(status=Status.DRAFT, justification="", owner="Pôle A")
    services.update_item(
        actor=world.users[Role.ADMIN], item_id=item.pk, changes={"owner": "Pôle B"}
    )
    client.force_login(world.users[Role.DPO])
    listing = client.get("/catalogue/items/", {"status": "draft"}).content.decode()
    assert item.label_fr in listing
    page = client.get(f"/catalogue/items/{item.pk}/").content.decode()
    assert "Pôle A" in page and "Pôle B" in page  # the change, old and new values
    assert "Rédigez la justification" in page  # why it cannot be activated yet
    client.force_login(world.users[Role.SECRETARY])
    assert client.get(f"/catalogue/items/{item.pk}/").status_code == 404


def test_the_admin_adds_an_item_as_a_draft_and_cannot_make_one_in_use_sensitive(
    admin_client, world
):
    data = {
        "code": "energy-debt",
        "family": "situation",
        "label_fr": "Dette d'énergie",
        "label_en": "Energy debt",
        "value_type": "yes_no",
        "choices": "[]",
        "sensitivity": "ordinary",
        "purposes": ["social_support"],
        "legal_basis": "public_task",
        "retention_family": "active_file",
        "visible_to_roles": ["social_worker"],
        "coarsening": "none",
        "justification": "Déclenche le FSL énergie.",
        "position": 0,
        "changes-TOTAL_FORMS": 0,
        "changes-INITIAL_FORMS": 0,
    }
    assert admin_client.post("/admin/catalog/item/add/", data).status_code == 302
    item = Item.objects.get(code="energy-debt")
    assert item.status == Status.DRAFT
    assert ItemChange.objects.filter(item=item, kind=ChangeKind.CREATED).exists()
    services.activate_item(actor=world.users[Role.ADMIN], item_id=item.pk)
    data.pop("code")
    data["sensitivity"] = "sensitive"
    refused = admin_client.post(f"/admin/catalog/item/{item.pk}/change/", data)
    assert refused.status_code == 200
    assert "ne peut pas devenir sensible" in refused.content.decode()
    assert Item.objects.get(pk=item.pk).sensitivity == "ordinary"
