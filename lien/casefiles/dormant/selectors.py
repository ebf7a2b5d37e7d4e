"""Dormant files: open, without any contact for LIEN_DORMANT_MONTHS (the active retention
period by default). Proposed for closing to the referent on their home page, and, once
LIEN_DORMANT_GRACE_DAYS more have passed (or at once for a file without a referent), to
the office's manager. Each list is an audited read."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lien.accounts.policy import Can, offices_where
from lien.audit.models import Action
from lien.audit.services import record

from ..files.models import CaseFile
from ..households.models import HouseholdMember, Relationship
from ..scope import files_in_scope
from .period import dormant, dormant_after


class DormantFiles(list[CaseFile]):
    """The files listed; `more`: others were left out by the limit. One more file is
    read to know it, but it is neither listed nor counted as read in the audit log."""

    more: bool = False


def _listed(queryset: QuerySet[CaseFile], limit: int | None) -> DormantFiles:
    """The longest without contact first; `limit`: only that many of them."""
    reference = HouseholdMember.objects.filter(
        relationship=Relationship.REFERENCE, left_on__isnull=True
    ).select_related("person")
    ordered = (
        queryset.select_related("office", "referent")
        .prefetch_related(
            Prefetch("household__members", queryset=reference, to_attr="reference_members")
        )
        .order_by("last_contact_on", "opened_on", "pk")
    )
    if limit is None:
        return DormantFiles(ordered)
    read = list(ordered[: limit + 1])
    files = DormantFiles(read[:limit])
    files.more = len(read) > limit
    return files


def dormant_for_referent(*, actor, limit: int | None = None) -> DormantFiles:
    """The dormant files of which the actor is the referent."""
    files = _listed(
        dormant(files_in_scope(actor, Can.EDIT_SOCIAL).filter(referent=actor), dormant_after()),
        limit,
    )
    record(actor=actor, action=Action.LIST, object_kind="dormant_files", result_count=len(files))
    return files


def dormant_for_manager(*, actor, limit: int | None = None) -> DormantFiles:
    """The dormant files of the actor's offices left so past the grace period, or
    without a referent to propose them to."""
    today = timezone.localdate()
    late = dormant_after(today - timedelta(days=settings.LIEN_DORMANT_GRACE_DAYS))
    offices = offices_where(actor, Can.ASSIGN_REFERENT)
    files = _listed(
        dormant(
            files_in_scope(actor, Can.ASSIGN_REFERENT).filter(office_id__in=offices),
            dormant_after(today),
        ).filter(
            Q(referent__isnull=True)
            | Q(last_contact_on__lte=late)
            | Q(last_contact_on__isnull=True, opened_on__lte=late)
        ),
        limit,
    )
    record(actor=actor, action=Action.LIST, object_kind="dormant_files", result_count=len(files))
    return files
