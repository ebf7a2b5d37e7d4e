"""Merges past their undo period (LIEN_MERGE_UNDO_DAYS): their journal, the emptied
absorbed record and what the statistical layer kept for the undo are deleted; the audit
log keeps the act. Run by the retention engine (`apply_retention --wet-run`)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .. import statistics
from ..households.models import Household, Person
from .models import Merge, MergeKind


def settled(now: datetime | None = None) -> QuerySet[Merge]:
    """The merges that can no longer be undone (undone ones included)."""
    now = now or timezone.now()
    return Merge.objects.filter(merged_at__lt=now - timedelta(days=settings.LIEN_MERGE_UNDO_DAYS))


@transaction.atomic
def settle_merges(now: datetime | None = None) -> int:
    count = 0
    for merge in settled(now).select_for_update():
        if merge.undone_at is None:
            if merge.kind == MergeKind.PERSON:
                Person.objects.filter(pk=merge.absorbed_id, memberships__isnull=True).delete()
            else:
                Household.objects.filter(
                    pk=merge.absorbed_id, members__isnull=True, casefiles__isnull=True
                ).delete()
        if merge.statistics_handle:
            statistics.household_merge_settled(handle=merge.statistics_handle)
        merge.delete()
        count += 1
    return count
