"""What the archive's list shows of a file: the minimum to find it again (number,
household name, office, dates, legal hold), never its content."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Greatest

from lien.base.dates import months_before
from lien.casefiles.models import (
    AidRequest,
    AidStatus,
    CaseFile,
    HouseholdMember,
    Person,
    Relationship,
)
from lien.casefiles.search_key import tokens

from ..inventory import Retention
from ..retention import RETENTION_RULES


@dataclass(frozen=True)
class ArchivedRow:
    pk: int
    household_name: str
    office_name: str
    archived_on: date | None  # never None here: the files listed are archived
    anonymisation_due: date | None  # None: no retention clock (should not happen)
    legal_hold: bool
    legal_hold_reason: str


def anonymisation_due(clock: date | None, has_decision: bool) -> date | None:
    """When the retention engine will anonymise the file (legal hold aside): at the end
    of the active period, or of the archive for a file with an aid decision."""
    if clock is None:
        return None
    rule = RETENTION_RULES[Retention.AID_DECISION if has_decision else Retention.ACTIVE_FILE]
    return months_before(clock, -(rule.fixed_active_months + rule.archive_months))


def archived_files(office_ids: frozenset[int] | None) -> QuerySet[CaseFile]:
    """Archived files still holding identity, of these offices (None: all)."""
    files = CaseFile.objects.filter(archived_on__isnull=False, anonymised_on__isnull=True)
    if office_ids is not None:
        files = files.filter(office_id__in=office_ids)
    return files


def matching(files: QuerySet[CaseFile], query: str) -> QuerySet[CaseFile]:
    """A file number, or words that each start a word of a current member's name."""
    query = (query or "").strip()
    if query.isdigit():
        return files.filter(pk=int(query))
    words = tokens(query)
    if not words:
        return files
    condition = Q()
    for word in words:
        condition &= Q(search_key__startswith=word) | Q(search_key__contains=" " + word)
    named = HouseholdMember.objects.filter(
        household_id=OuterRef("household_id"),
        left_on__isnull=True,
        person__in=Person.objects.filter(condition).values("pk"),
    )
    return files.filter(Exists(named))


def rows(files: QuerySet[CaseFile], limit: int) -> list[ArchivedRow]:
    decided = AidRequest.objects.filter(
        casefile=OuterRef("pk"), status__in=(AidStatus.GRANTED, AidStatus.REFUSED)
    )
    annotated = (
        files.select_related("office")
        .annotate(
            clock=Greatest(
                Coalesce("last_contact_on", "closed_on"), Coalesce("closed_on", "last_contact_on")
            ),
            has_decision=Exists(decided),
        )
        .order_by("-archived_on", "-pk")[:limit]
    )
    chosen = list(annotated)
    references = {
        m.household_id: m.person
        for m in HouseholdMember.objects.filter(
            household_id__in=[f.household_id for f in chosen],
            relationship=Relationship.REFERENCE,
            left_on__isnull=True,
        ).select_related("person")
    }
    return [
        ArchivedRow(
            pk=f.pk,
            household_name=(
                references[f.household_id].family_name.upper()
                if f.household_id in references
                else ""
            ),
            office_name=f.office.name,
            archived_on=f.archived_on,
            anonymisation_due=anonymisation_due(f.clock, f.has_decision),
            legal_hold=f.legal_hold,
            legal_hold_reason=f.legal_hold_reason,
        )
        for f in chosen
    ]
