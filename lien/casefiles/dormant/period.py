"""When a file is dormant: open, and its last contact (or its opening, without one) on or
before LIEN_DORMANT_MONTHS ago."""

from datetime import date

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from lien.base.dates import months_before

from ..files.models import CaseFile, FileStatus


def dormant_after(today: date | None = None) -> date:
    """Files whose last contact (or opening, without one) is on or before this day."""
    return months_before(today or timezone.localdate(), settings.LIEN_DORMANT_MONTHS)


def dormant(queryset: QuerySet[CaseFile], until: date) -> QuerySet[CaseFile]:
    return queryset.filter(status=FileStatus.OPEN).filter(
        Q(last_contact_on__lte=until) | Q(last_contact_on__isnull=True, opened_on__lte=until)
    )
