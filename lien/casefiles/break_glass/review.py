"""The DPO's review of emergency accesses: who opened which file of which office, why,
and until when. A building block of the audit dashboard (`lien.web.audit.dashboard`), whose
selector checks the DPO's right and records the read."""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from .models import BreakGlassGrant

REVIEW_LIMIT = 500


def grants_in_period(since: date, until: date) -> list[BreakGlassGrant]:
    """The grants running now, and those given in the period, newest first."""
    return list(
        BreakGlassGrant.objects.filter(
            Q(expires_at__gt=timezone.now())
            | Q(granted_at__date__gte=since, granted_at__date__lte=until)
        )
        .select_related("actor", "casefile__office")
        .order_by("-granted_at", "-id")[:REVIEW_LIMIT]
    )
