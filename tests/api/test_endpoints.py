"""What the endpoints answer: published statistics only, no person, one office at a time."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lien.accounts.api_tokens.models import ApiScope
from lien.audit.models import Action, AuditEvent
from lien.casefiles.aid.models import AidStatus

from .tokens import bearer, issue


@pytest.mark.django_db
def test_granted_aid_decisions_name_no_person(client, world):
    aid = world.file.aid_requests.first()
    aid.status, aid.decided_on, aid.amount_granted = (
        AidStatus.GRANTED,
        timezone.localdate(),
        aid.amount_requested,
    )
    aid.save()
    secret, token = issue(world, [ApiScope.AID], [world.office])
    response = client.get(
        reverse("api_aid_decisions"),
        {"office": world.office.code, "decided_since": timezone.localdate().isoformat()},
        **bearer(secret),
    )
    assert response.status_code == 200
    [decision] = response.json()["decisions"]
    assert decision["file_number"] == world.file.pk
    assert decision["amount_granted"] == "150.00"
    person = world.file.reference_person
    assert person.birth_name not in response.content.decode()
    event = AuditEvent.objects.get(actor=token.client.account, object_kind="aid_decisions")
    assert (event.action, event.result_count, event.office_id) == (
        Action.LIST,
        1,
        world.office.pk,
    )


@pytest.mark.django_db
def test_statistics_are_the_published_tables(client, world):
    secret, _token = issue(world, [ApiScope.STATISTICS], all_offices=True)
    year = timezone.localdate().year
    response = client.get(reverse("api_statistics_grid", args=["activity", year]), **bearer(secret))
    assert response.status_code == 200
    data = response.json()
    assert data["scope"] == "all" and data["tables"]
    # Few households: every small count is withheld (null), as on the statistics page.
    cells = [c for t in data["tables"] for r in t["rows"] for c in r["cells"]]
    assert all(c is None or c == 0 or c >= 5 for c in cells)


@pytest.mark.django_db
def test_an_office_token_does_not_reach_the_whole_departement(client, world):
    secret, _token = issue(world, [ApiScope.STATISTICS], [world.office])
    year = timezone.localdate().year
    response = client.get(reverse("api_statistics_grid", args=["activity", year]), **bearer(secret))
    assert response.status_code == 404


@pytest.mark.django_db
def test_errors_are_in_french_by_default_and_json_everywhere(client, world):
    missing = client.get(reverse("api_catalog_items"))
    assert missing.status_code == 401
    assert missing.json() == {"detail": "Informations d'authentification non fournies."}
    unknown = client.get("/api/v1/nothing-here/")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Introuvable."}
    english = client.get(reverse("api_catalog_items"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Authentication credentials were not provided."}


@pytest.mark.django_db
def test_a_client_cannot_reach_another_client_account(client, world):
    secret, _token = issue(world, [ApiScope.ACCOUNTS], name="Annuaire")
    _other_secret, other = issue(world, [ApiScope.CATALOG], name="Entrepôt")
    response = client.post(
        reverse("api_account_deactivate", args=[other.client.account.username]),
        **bearer(secret),
    )
    assert response.status_code == 404
    other.client.account.refresh_from_db()
    assert other.client.account.is_active
