"""Grants are access records: kept as long as the audit log (LIEN_AUDIT_RETENTION_DAYS),
pruned with it by `manage.py prune_audit`."""

from datetime import datetime

from django.db.models import QuerySet

from .models import BreakGlassGrant


def grants_past(cutoff: datetime) -> QuerySet[BreakGlassGrant]:
    """The grants that ended before the cutoff."""
    return BreakGlassGrant.objects.filter(expires_at__lt=cutoff)


def prune_grants(cutoff: datetime) -> int:
    deleted, _ = grants_past(cutoff).delete()
    return deleted
