"""Tokens: two keys, shown once, kept hashed, scoped, expiring, revocable; every act in
the audit chain; refusals that tell nothing about the token."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lien.accounts.api_tokens import services
from lien.accounts.api_tokens.digests import digest_of
from lien.accounts.api_tokens.models import ApiScope, ApiToken
from lien.accounts.roles import Role
from lien.audit.models import Action, AuditEvent

from .tokens import bearer, issue

REFUSED = {
    "detail": "Ce jeton ne fonctionne pas : inconnu, expiré, révoqué ou pas encore approuvé."
}


def _catalog(client, secret):
    return client.get(reverse("api_catalog_items"), **bearer(secret))


@pytest.mark.django_db
def test_a_token_is_kept_hashed_and_works_only_after_a_second_person(client, world):
    secret, token = issue(world, [ApiScope.CATALOG], approve=False)
    assert ApiToken.objects.get(pk=token.pk).digest == digest_of(secret)
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert _catalog(client, secret).status_code == 401
    with pytest.raises(ValidationError):  # nobody approves their own request
        services.approve_api_token(actor=world.users[Role.ADMIN], token_id=token.pk)
    services.approve_api_token(actor=world.users[Role.DPO], token_id=token.pk)
    assert _catalog(client, secret).status_code == 200
    kinds = list(
        AuditEvent.objects.filter(object_id=str(token.pk), object_kind__startswith="api_token")
        .order_by("pk")
        .values_list("object_kind", flat=True)
    )
    assert kinds[:3] == ["api_token_requested", "api_token_refused_use", "api_token_approved"]


@pytest.mark.django_db
def test_an_expired_a_revoked_and_an_unknown_token_answer_alike(client, world):
    secret, token = issue(world, [ApiScope.CATALOG])
    assert _catalog(client, secret).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        expired = _catalog(client, secret)
    services.revoke_api_token(actor=world.users[Role.ADMIN], token_id=token.pk)
    revoked = _catalog(client, secret)
    unknown = _catalog(client, "lien_" + "x" * 43)
    for response in (expired, revoked, unknown):
        assert response.status_code == 401
        assert response.json() == REFUSED
        assert response["WWW-Authenticate"] == 'Bearer realm="lien"'
    reasons = list(
        AuditEvent.objects.filter(object_kind="api_token_refused_use").values_list(
            "reason", flat=True
        )
    )
    assert reasons == ["jeton expiré", "jeton révoqué"]


@pytest.mark.django_db
def test_every_read_and_write_of_a_client_is_in_the_audit_chain(client, world):
    secret, token = issue(world, [ApiScope.CATALOG, ApiScope.ACCOUNTS])
    _catalog(client, secret)
    client.post(
        reverse("api_account_create"),
        {"username": "jeanne.martin", "email": "jeanne@example.org"},
        content_type="application/json",
        **bearer(secret),
    )
    account = token.client.account
    events = AuditEvent.objects.filter(actor=account).order_by("pk")
    assert [(e.action, e.object_kind) for e in events] == [
        (Action.EXPORT, "catalogue"),
        (Action.CREATE, "account_created"),
    ]
    assert all(e.actor_roles == "" for e in events)  # a client holds no role


@pytest.mark.django_db
def test_a_client_only_asks_for_a_role_a_person_approves_it(client, world):
    secret, _token = issue(world, [ApiScope.ACCOUNTS])
    response = client.post(
        reverse("api_account_role_request", args=[world.nobody.username]),
        {"office": world.office.code, "role": Role.SOCIAL_WORKER, "reason": "Arrivée"},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert not world.nobody.memberships.exists()


@pytest.mark.django_db
def test_errors_are_french_sentences_naming_the_field(client, world):
    secret, _token = issue(world, [ApiScope.ACCOUNTS])
    response = client.post(
        reverse("api_account_create"),
        {"username": world.nobody.username},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"username": ["Un compte porte déjà cet identifiant."]}
    bad = client.post(
        reverse("api_account_create"), "{", content_type="application/json", **bearer(secret)
    )
    assert bad.status_code == 400
    assert "JSON" in bad.json()["detail"] and "Error" not in bad.json()["detail"]


@pytest.mark.django_db
def test_a_token_is_throttled(client, world, settings):
    settings.LIEN_API_RATE = "3/minute"
    secret, _token = issue(world, [ApiScope.CATALOG])
    answers = [_catalog(client, secret).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


@pytest.mark.django_db
def test_guessing_tokens_is_throttled_by_address(client, world, settings):
    settings.LIEN_API_FAILED_TOKEN_RATE = "2/minute"
    answers = [_catalog(client, f"lien_guess{i}").status_code for i in range(3)]
    assert answers == [401, 401, 429]


@pytest.mark.django_db
def test_the_token_pages_show_the_token_once(client, world):
    client.force_login(world.users[Role.ADMIN])
    response = client.post(
        reverse("api_token_new"),
        {
            "client_name": "Logiciel financier",
            "scopes": [ApiScope.AID],
            "offices": [world.office.pk],
            "expires_on": (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y"),
            "reason": "Paiement des aides accordées.",
        },
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = response.content.decode()
    secret = shown.split('id="api-token">')[1].split("<")[0]
    assert digest_of(secret) == token.digest
    assert response["Cache-Control"] == "no-store"
    assert secret not in client.get(reverse("api_tokens")).content.decode()


@pytest.mark.django_db
def test_the_dpo_dashboard_tells_the_token_events(client, world):
    _secret, token = issue(world, [ApiScope.CATALOG], name="Entrepôt de données")
    services.revoke_api_token(actor=world.users[Role.ADMIN], token_id=token.pk)
    client.force_login(world.users[Role.DPO])
    page = client.get(reverse("audit_dashboard")).content.decode()
    assert "a demandé un jeton d&#x27;API pour Entrepôt de données" in page
    assert "a révoqué le jeton d&#x27;API de Entrepôt de données" in page
