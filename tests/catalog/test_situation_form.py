"""The situation form is generated from the catalogue and shows each role only the items
it may see; values are checked against their item; a 400-item catalogue costs no more
queries than a small one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lien.accounts.roles import Role
from lien.casefiles.models import SituationValue
from lien.catalog import services
from lien.catalog.models import Family, Item, ValueType

from ..factories import ItemFactory
from .helpers import big_catalog_rows

pytestmark = pytest.mark.django_db


def housing_item(**fields):
    return ItemFactory(
        family=Family.SITUATION,
        code="housing-kind",
        label_fr="Type de logement",
        label_en="Kind of housing",
        value_type=ValueType.CHOICE,
        choices=[
            {"code": "social-rent", "fr": "Locataire HLM", "en": "Social tenant"},
            {"code": "owner", "fr": "Propriétaire", "en": "Owner"},
        ],
        **fields,
    )


def test_changing_visible_roles_changes_what_a_secretary_sees_on_the_next_load(client, world):
    item = housing_item(visible_to_roles=["social_worker"])
    SituationValue.objects.create(
        casefile=world.file, item=item, value="owner", recorded_by=world.users[Role.SOCIAL_WORKER]
    )
    client.force_login(world.users[Role.SECRETARY])
    url = f"/files/{world.file.pk}/"
    assert "Type de logement" not in client.get(url).content.decode()
    services.update_item(
        actor=world.users[Role.ADMIN],
        item_id=item.pk,
        changes={"visible_to_roles": ["social_worker", "secretary"]},
    )
    text = client.get(url).content.decode()
    assert "Type de logement" in text and "Propriétaire" in text
    # The other situation value of the file (not shared with secretaries) stays hidden.
    hidden = SituationValue.objects.exclude(item=item).get(casefile=world.file)
    assert hidden.item.label_fr not in text
    services.update_item(
        actor=world.users[Role.ADMIN], item_id=item.pk, changes={"visible_to_roles": ["manager"]}
    )
    assert "Type de logement" not in client.get(url).content.decode()


def test_the_form_offers_only_the_items_of_the_role(client, world):
    housing_item(visible_to_roles=["social_worker"])
    ItemFactory(
        family=Family.SITUATION, label_fr="Réservé au responsable", visible_to_roles=["manager"]
    )
    ItemFactory(family=Family.SITUATION, label_fr="Élément en brouillon", status="draft")
    client.force_login(world.users[Role.SOCIAL_WORKER])
    text = client.get(f"/files/{world.file.pk}/situation/").content.decode()
    assert "Type de logement" in text and "Locataire HLM" in text
    assert "Réservé au responsable" not in text and "Élément en brouillon" not in text
    # Only social workers record the situation; others get the same 404 as a missing file.
    for role in (Role.SECRETARY, Role.MANAGER, Role.ADMIN):
        client.force_login(world.users[role])
        assert client.get(f"/files/{world.file.pk}/situation/").status_code == 404
    client.force_login(world.other_worker)
    assert client.get(f"/files/{world.file.pk}/situation/").status_code == 404


def test_saving_the_form_checks_values_and_keeps_history(client, world):
    item = housing_item()
    count = ItemFactory(family=Family.SITUATION, label_fr="Enfants", value_type=ValueType.INTEGER)
    client.force_login(world.users[Role.SOCIAL_WORKER])
    url = f"/files/{world.file.pk}/situation/"
    response = client.post(url, {f"item_{item.pk}": "owner", f"item_{count.pk}": "120"})
    assert response.status_code == 200
    assert "inférieure ou égale à 99" in response.content.decode()
    assert not SituationValue.objects.filter(item__in=[item, count]).exists()
    response = client.post(url, {f"item_{item.pk}": "owner", f"item_{count.pk}": "2"})
    assert response.status_code == 302
    assert SituationValue.objects.get(item=item, superseded_at__isnull=True).value == "owner"
    client.post(url, {f"item_{item.pk}": "social-rent", f"item_{count.pk}": "2"})
    values = SituationValue.objects.filter(item=item).order_by("recorded_at")
    assert [v.value for v in values] == ["owner", "social-rent"]
    assert values[0].superseded_at is not None
    assert "Locataire HLM" in client.get(f"/files/{world.file.pk}/").content.decode()


def test_the_service_refuses_a_value_outside_the_choices(world):
    from django.core.exceptions import ValidationError

    from lien.casefiles.situation import services as situation_services

    item = housing_item()
    with pytest.raises(ValidationError):
        situation_services.record_situation(
            actor=world.users[Role.SOCIAL_WORKER],
            casefile_id=world.file.pk,
            item_id=item.pk,
            value="castle",
        )


def _form_queries(client, world) -> int:
    client.force_login(world.users[Role.SOCIAL_WORKER])
    # A first page writes the session's last activity (then once a minute): not the form's.
    client.get(f"/files/{world.file.pk}/situation/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/files/{world.file.pk}/situation/")
    assert response.status_code == 200
    return len(queries)


def test_a_400_item_form_renders_in_a_fixed_number_of_queries(client, world):
    services.import_catalog(actor=world.users[Role.ADMIN], rows=big_catalog_rows(5))
    small = _form_queries(client, world)
    rows = big_catalog_rows(400)
    services.import_catalog(actor=world.users[Role.ADMIN], rows=rows)
    assert Item.objects.filter(family=Family.SITUATION, status="active").count() > 400
    large = _form_queries(client, world)
    assert large == small
    client.force_login(world.users[Role.SOCIAL_WORKER])
    text = client.get(f"/files/{world.file.pk}/situation/").content.decode()
    assert "Élément départemental 399" in text


def test_the_form_speaks_english_too(client, world):
    housing_item()
    client.force_login(world.users[Role.SOCIAL_WORKER])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get(f"/files/{world.file.pk}/situation/").content.decode()
    assert "Kind of housing" in text and "Social tenant" in text
    assert "Save the situation" in text
