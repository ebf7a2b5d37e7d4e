"""Tokens for the API tests: asked for by the world's administrator, approved by its DPO
(two keys), unless a test wants one that is still waiting."""

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from lien.accounts.api_tokens import services
from lien.accounts.roles import Role


def issue(world, scopes, offices=(), *, all_offices=False, approve=True, name="Système"):
    """(secret, token)."""
    issued = services.request_api_token(
        actor=world.users[Role.ADMIN],
        client_name=name,
        scopes=list(scopes),
        office_ids=[o.pk for o in offices],
        all_offices=all_offices,
        expires_at=timezone.now() + timedelta(days=30),
        reason="Échanges avec le système de la collectivité.",
    )
    if approve:
        services.approve_api_token(actor=world.users[Role.DPO], token_id=issued.token.pk)
    return issued.secret, issued.token


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def forget_throttles() -> None:
    """The rate limits count in the cache: each test starts from zero."""
    cache.clear()
