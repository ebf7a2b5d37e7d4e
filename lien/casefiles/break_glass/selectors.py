"""The holder's view of their own emergency access (the banner of the file page). The
DPO's review of all of them is in `review.py`, part of the audit dashboard."""

from django.utils import timezone

from .models import BreakGlassGrant


def active_grant_for(*, actor, casefile_id: int) -> BreakGlassGrant | None:
    """The actor's own emergency access to this file, if one is running (the one that
    lasts longest). Says nothing about anyone else's."""
    return (
        BreakGlassGrant.objects.filter(
            actor=actor, casefile_id=casefile_id, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )
