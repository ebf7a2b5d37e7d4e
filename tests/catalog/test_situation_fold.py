"""The situation's form on the file page is folded and fetched when unfolded: the page does
not build it at every visit, the fetched form carries the current values, and a refused
entry comes back unfolded with what was typed and its error."""

import pytest

from lien.accounts.roles import Role
from lien.audit.models import AuditEvent
from lien.casefiles.models import SituationValue
from lien.catalog.models import Family, ValueType

from ..factories import ItemFactory
from .test_situation_form import housing_item

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _form_url(world):
    return f"/files/{world.file.pk}/situation/entry/form/"


def test_the_file_page_folds_the_form_and_fetches_it_when_opened(client, world):
    item = housing_item()
    worker = world.users[Role.SOCIAL_WORKER]
    SituationValue.objects.create(casefile=world.file, item=item, value="owner", recorded_by=worker)
    client.force_login(worker)
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert f'hx-get="{_form_url(world)}"' in page and 'hx-trigger="toggle once"' in page
    # The fold holds a link to the situation's own page, not the form's fields.
    assert f'href="/files/{world.file.pk}/situation/"' in page
    assert f'name="situation-item_{item.pk}"' not in page

    before = AuditEvent.objects.filter(actor=worker).count()
    fragment = client.get(_form_url(world), **HTMX).content.decode()
    assert f'hx-post="/files/{world.file.pk}/situation/entry/"' in fragment
    assert f'name="situation-item_{item.pk}"' in fragment
    assert '<option value="owner" selected>Propriétaire</option>' in fragment
    assert "<html" not in fragment
    # Reading the file's situation for the form is a read of the file, logged as one.
    assert AuditEvent.objects.filter(actor=worker).count() == before + 1


def test_the_fetched_form_saves_on_the_file_page(client, world):
    item = housing_item()
    client.force_login(world.users[Role.SOCIAL_WORKER])
    client.get(_form_url(world), **HTMX)
    response = client.post(
        f"/files/{world.file.pk}/situation/entry/", {f"situation-item_{item.pk}": "owner"}, **HTMX
    )
    assert response.status_code == 200
    assert "Propriétaire" in response.content.decode()
    assert SituationValue.objects.get(item=item, superseded_at__isnull=True).value == "owner"


def test_a_refused_entry_comes_back_unfolded_with_its_error(client, world):
    count = ItemFactory(family=Family.SITUATION, label_fr="Enfants", value_type=ValueType.INTEGER)
    client.force_login(world.users[Role.SOCIAL_WORKER])
    response = client.post(
        f"/files/{world.file.pk}/situation/entry/", {f"situation-item_{count.pk}": "120"}, **HTMX
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert '<details class="mt-2" open>' in text
    assert 'value="120"' in text and "inférieure ou égale à 99" in text
    assert "toggle once" not in text
    assert not SituationValue.objects.filter(item=count).exists()


def test_outside_htmx_the_address_leads_to_the_situation_page(client, world):
    housing_item()
    client.force_login(world.users[Role.SOCIAL_WORKER])
    response = client.get(_form_url(world))
    assert response.status_code == 302
    assert response["Location"] == f"/files/{world.file.pk}/situation/"
    for role in (Role.SECRETARY, Role.MANAGER):
        client.force_login(world.users[role])
        assert client.get(_form_url(world)).status_code == 404
        assert client.get(_form_url(world), **HTMX).status_code == 404


def test_a_closed_file_offers_no_fold(client, world):
    housing_item()
    world.file.status = "closed"
    world.file.save()
    client.force_login(world.users[Role.SOCIAL_WORKER])
    page = client.get(f"/files/{world.file.pk}/").content.decode()
    assert "toggle once" not in page
