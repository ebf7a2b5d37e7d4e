"""What the manager reads to merge duplicates: persons found by name across the offices
where they may merge, two records side by side, and the merges of those offices. Each
read is audited; a record outside those offices answers 404 like a missing one."""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from lien.accounts.policy import Can, offices_where
from lien.audit.models import Action
from lien.audit.services import record, record_for_file

from ..files.models import CaseFile
from ..households.models import HouseholdMember, Person
from ..households.services import PERSON_FIELDS
from ..scope import files_in_scope
from ..search_key import tokens
from .models import Merge
from .preview import HouseholdPreview, household_merge_preview

CANDIDATES_LIMIT = 30


@dataclass
class Candidate:
    person: Person
    casefile: CaseFile


def merge_candidates(*, actor, query: str) -> list[Candidate]:
    """Persons whose name matches, in the files of every office where the actor may
    merge, each with the file of their household there. The terms are not logged."""
    terms = tokens(query)
    files = files_in_scope(actor, Can.MERGE_DUPLICATES)
    found: list[Candidate] = []
    if sum(len(term) for term in terms) >= 2:
        members = HouseholdMember.objects.filter(
            left_on__isnull=True, household__casefiles__in=files
        )
        for term in terms:
            members = members.filter(person__search_key__contains=term)
        members = members.select_related("person").order_by("person__search_key", "person_id")[
            : CANDIDATES_LIMIT * 2
        ]
        seen: set[int] = set()
        for member in members:
            if member.person_id in seen:
                continue
            seen.add(member.person_id)
            casefile = files.filter(household_id=member.household_id).order_by("-pk").first()
            if casefile is not None:
                found.append(Candidate(member.person, casefile))
    record(
        actor=actor,
        action=Action.SEARCH,
        object_kind="merge_candidates",
        result_count=len(found),
    )
    return found[:CANDIDATES_LIMIT]


@dataclass
class Pair:
    kept: Candidate
    absorbed: Candidate

    @property
    def fields(self) -> list[tuple[str, object, object, object]]:
        """(field, kept value, absorbed value) for each identity field, labelled."""
        return [
            (
                name,
                Person._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
                getattr(self.kept.person, name),
                getattr(self.absorbed.person, name),
            )
            for name in PERSON_FIELDS
        ]


def _candidate(actor, person_id) -> Candidate:
    files = files_in_scope(actor, Can.MERGE_DUPLICATES)
    casefile = files.filter(household__members__person_id=person_id).order_by("-pk").first()
    if casefile is None:
        raise Http404
    record_for_file(actor=actor, action=Action.VIEW, casefile=casefile)
    return Candidate(Person.objects.get(pk=person_id), casefile)


def merge_pair_for(*, actor, kept_id, absorbed_id) -> Pair:
    return Pair(_candidate(actor, kept_id), _candidate(actor, absorbed_id))


@dataclass
class MergeRow:
    merge: Merge
    undoable: bool


def merges_for(*, actor) -> list[MergeRow]:
    """The merges of the offices where the actor may merge, most recent first."""
    now = timezone.now()
    merges = list(
        Merge.objects.filter(office_id__in=offices_where(actor, Can.MERGE_DUPLICATES))
        .select_related("merged_by", "undone_by", "office")
        .order_by("-merged_at", "-pk")[:50]
    )
    record(actor=actor, action=Action.LIST, object_kind="merges", result_count=len(merges))
    return [MergeRow(m, m.undone_at is None and now <= m.undo_until) for m in merges]


def household_merge_preview_for(*, actor, kept_file_id, absorbed_file_id) -> HouseholdPreview:
    """Both households side by side, what follows and the values to choose, before a
    merge; each file's view audited, a file out of reach answering 404 (preview.py)."""
    return household_merge_preview(
        actor=actor, kept_file_id=kept_file_id, absorbed_file_id=absorbed_file_id
    )
