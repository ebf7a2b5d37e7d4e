"""The actor's active emergency accesses, as `scope.py` needs them: read once per user
object (i.e. per request), so that the normal path pays one small indexed query and no
extra condition when the actor holds no grant."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from lien.accounts.policy import Can, offices_where
from lien.accounts.roles import Role
from lien.base.compiled import compiled

from .models import BreakGlassGrant

# What a grant lets its holder do on the granted file: read its identity, reception and
# social parts. No writes: EDIT_SOCIAL would also let them close, transfer, reopen the
# file and decide aid requests, acts that belong to the file's own office. No notes:
# WRITE_NOTES would open the office's team notes, and notes are never shared this way.
GRANTED_CAPABILITIES = frozenset({Can.VIEW_IDENTITY, Can.VIEW_RECEPTION, Can.VIEW_SOCIAL})

# The role whose view of the catalogue's situation items the holder gets on that file.
GRANTED_ROLES = frozenset({Role.SOCIAL_WORKER})

_CACHE_ATTR = "_lien_break_glass"


@compiled
def _running(actor_id: int, now: datetime) -> QuerySet[BreakGlassGrant, tuple[int, datetime]]:
    """The actor's grants not yet expired, read at every request of a social worker:
    compiled once. Unordered: the (actor, expires_at) index answers it alone."""
    return (
        BreakGlassGrant.objects.filter(actor_id=actor_id, expires_at__gt=now)
        .order_by()
        .values_list("casefile_id", "expires_at")
    )


def _expiries(actor) -> dict[int, datetime]:
    """{file id: latest expiry} of the actor's grants not yet expired when first read."""
    cached = getattr(actor, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    expiries: dict[int, datetime] = {}
    # Only social workers may break glass: everyone else is spared the query.
    if actor is not None and actor.is_authenticated and offices_where(actor, Can.WRITE_NOTES):
        for casefile_id, expires_at in _running(actor_id=actor.pk, now=timezone.now()):
            expiries[casefile_id] = max(expires_at, expiries.get(casefile_id, expires_at))
    if actor is not None:
        setattr(actor, _CACHE_ATTR, expiries)
    return expiries


def granted_file_ids(actor) -> frozenset[int]:
    """The files the actor holds an emergency access to, now. The expiry is checked at
    every call, so a long-lived user object (a test, a long request) cannot outlive it."""
    now = timezone.now()
    return frozenset(pk for pk, until in _expiries(actor).items() if until > now)


def forget(actor) -> None:
    """Drop the cached grants, after a new one was given."""
    if hasattr(actor, _CACHE_ATTR):
        delattr(actor, _CACHE_ATTR)
