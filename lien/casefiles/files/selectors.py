"""Reads of the files: the files an actor may see, a caseload, an office's files for its
manager, one file, and the file page that gathers every part of it. Each takes the acting
user first and shows only what the policy lets that user see; what they may not see
answers like what does not exist. Reads that show a file write their audit event here, at
the point of reading, so that no page can show personal data without leaving a trace.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.catalog.models import Family
from lien.catalog.visibility import visible_to

from ..aid.models import AidRequest
from ..appointments.models import Appointment
from ..documents.models import Document
from ..households.models import HouseholdMember, Person, Relationship
from ..notes.access import readable_notes
from ..notes.models import Note
from ..notes.selectors import NoteMetadata, note_metadata_for
from ..notes.sharing import attach_live_accesses
from ..problems.models import Intervention, Problem
from ..scope import can_on_file, files_in_scope, get_or_404, require_office, roles_on_file
from ..situation.models import SituationValue
from ..visits.models import Visit
from . import page_queries as reads
from .models import CaseFile, FileStatus
from .page_queries import of_file


def files_visible_to(*, actor) -> QuerySet[CaseFile]:
    """The files whose identity part the actor may see (not audited: a building block;
    the pages that list files record their own event)."""
    return files_in_scope(actor, Can.VIEW_IDENTITY)


def _with_household(queryset: QuerySet[CaseFile]) -> QuerySet[CaseFile]:
    reference = HouseholdMember.objects.filter(
        relationship=Relationship.REFERENCE, left_on__isnull=True
    ).select_related("person")
    return queryset.select_related("office", "referent").prefetch_related(
        Prefetch("household__members", queryset=reference, to_attr="reference_members")
    )


CASELOAD_PAGE_SIZE = 50


@dataclass(frozen=True)
class CaseloadFilters:
    """What a social worker narrows their caseload by. `quiet_days`: only the files
    without contact for at least that many days (or never)."""

    status: str = FileStatus.OPEN  # "" for all
    quiet_days: int | None = None
    with_open_problems: bool = False


@dataclass
class CaseloadPage:
    """One page of a caseload: a worker may be the referent of hundreds of files."""

    files: Sequence[CaseFile]
    number: int
    num_pages: int
    count: int  # files matching the filters, on every page

    def __iter__(self):
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __contains__(self, casefile) -> bool:
        return casefile in self.files

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def caseload_for(
    *,
    actor,
    filters: CaseloadFilters | None = None,
    page: int = 1,
    per_page: int = CASELOAD_PAGE_SIZE,
) -> CaseloadPage:
    """One page of the files of which the actor is the referent, in the offices where
    they work, each with its number of open problems; open files first, then by last
    contact, most recent first (never last). Four queries whatever the size of the caseload (count, page,
    reference persons, audit)."""
    filters = filters or CaseloadFilters()
    queryset = files_in_scope(actor, Can.EDIT_SOCIAL).filter(referent=actor)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.quiet_days is not None:
        since = timezone.localdate() - timedelta(days=filters.quiet_days)
        queryset = queryset.filter(Q(last_contact_on__lte=since) | Q(last_contact_on__isnull=True))
    open_problems = Problem.objects.filter(casefile=OuterRef("pk"), closed_on__isnull=True)
    if filters.with_open_problems:
        queryset = queryset.filter(Exists(open_problems))
    count = queryset.count()
    num_pages = max(1, -(-count // per_page))
    number = min(max(1, page), num_pages)
    # Counted for the page's files only (a correlated count, not a GROUP BY of the whole
    # caseload). "-status" puts "open" before "closed".
    counted = open_problems.order_by().values("casefile").annotate(n=Count("pk")).values("n")
    ordered = _with_household(queryset).order_by(
        "-status", F("last_contact_on").desc(nulls_last=True), "-opened_on", "-pk"
    )
    start = (number - 1) * per_page
    files = list(
        ordered.annotate(open_problems=Coalesce(Subquery(counted), 0))[start : start + per_page]
    )
    record(actor=actor, action=Action.LIST, object_kind="caseload", result_count=len(files))
    return CaseloadPage(files=files, number=number, num_pages=num_pages, count=count)


def office_files_for(
    *, actor, office_id: int, status: str | None = FileStatus.OPEN
) -> list[CaseFile]:
    """An office's files with their referents, for its manager."""
    require_office(actor, Can.ASSIGN_REFERENT, office_id)
    queryset = files_in_scope(actor, Can.ASSIGN_REFERENT).filter(office_id=office_id)
    if status:
        queryset = queryset.filter(status=status)
    files = list(_with_household(queryset).order_by("referent__last_name", "-opened_on"))
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="office_files",
        office_id=office_id,
        result_count=len(files),
    )
    return files


# Household members in the order reception and the file page list them.
RELATIONSHIP_ORDER = Case(
    *(When(relationship=value, then=Value(rank)) for rank, value in enumerate(Relationship.values)),
    default=Value(len(Relationship.values)),
)


def casefile_for(*, actor, pk, every_member: bool = False) -> CaseFile:
    """The file, audited as viewed. `every_member`: the household's members, past ones
    included, read with it in the order the file page lists them
    (`household.every_member`), the reference person among them (`reference_members`):
    the file page and its privacy panel then read no member again."""
    queryset = CaseFile.objects.select_related("household")
    if every_member:
        queryset = queryset.select_related("office", "referent").prefetch_related(
            Prefetch(
                "household__members",
                queryset=HouseholdMember.objects.select_related("person").order_by(
                    RELATIONSHIP_ORDER, "person__birth_date"
                ),
                to_attr="every_member",
            )
        )
    else:
        queryset = _with_household(queryset)
    casefile = get_or_404(
        queryset,
        actor,
        Can.VIEW_IDENTITY,
        pk,
        office_path="office_id",
    )
    if every_member:
        household: Any = casefile.household  # with the prefetch's attributes
        household.reference_members = [
            m
            for m in household.every_member
            if m.relationship == Relationship.REFERENCE and m.left_on is None
        ]
    record_for_file(actor=actor, action=Action.VIEW, casefile=casefile)
    return casefile


@dataclass
class FilePage:
    casefile: CaseFile
    members: list[HouseholdMember]
    can_view_social: bool
    can_view_reception: bool
    situation: list[SituationValue] = field(default_factory=list)
    # The answers to the population survey (enquête population): situation values too.
    survey: list[SituationValue] = field(default_factory=list)
    can_edit_situation: bool = False
    # The actor's roles on the file: which catalogue items they may see and fill in.
    roles: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    aid_requests: list[AidRequest] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    note_metadata: list[NoteMetadata] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    past_members: list[HouseholdMember] = field(default_factory=list)
    can_edit_identity: bool = False
    can_edit_reception: bool = False
    can_edit_social: bool = False
    can_write_notes: bool = False
    # Under a limitation of processing (GDPR art. 18) the file is only kept: see freeze().
    frozen: bool = False

    def freeze(self) -> None:
        """Shows the file read-only: no entry form, no act offered. The services refuse
        the writes anyway (lien.privacy.limitation); this spares the user a form that
        could only be refused."""
        self.frozen = True
        self.can_edit_situation = self.can_edit_reception = False
        self.can_edit_social = self.can_write_notes = False

    @property
    def reference_person(self) -> Person | None:
        for member in self.members:
            if member.relationship == Relationship.REFERENCE:
                return member.person
        return None

    @property
    def open_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.is_open]

    @property
    def timeline(self) -> list["TimelineEntry"]:
        """Interventions, visits, appointments, aid requests and notes, newest first."""
        entries = [
            TimelineEntry(i.occurred_on, "intervention", i, recorded_at=i.created_at)
            for i in self.interventions
        ]
        entries += [TimelineEntry(v.occurred_at, "visit", v) for v in self.visits]
        entries += [TimelineEntry(a.starts_at, "appointment", a) for a in self.appointments]
        entries += [TimelineEntry(a.created_at, "aid", a) for a in self.aid_requests]
        entries += [TimelineEntry(n.created_at, "note", n) for n in self.notes]
        return sorted(entries, key=lambda e: e.sort_key, reverse=True)


@dataclass
class TimelineEntry:
    when: date | datetime
    kind: str
    obj: object
    recorded_at: datetime | None = None  # orders entries dated by day only

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.when, datetime):
            return timezone.localtime(self.when).replace(tzinfo=None)
        at = timezone.localtime(self.recorded_at).time() if self.recorded_at else time.min
        return datetime.combine(self.when, at)

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)


def file_page_for(*, actor, pk) -> FilePage:
    """Everything of a file the actor may see, in a fixed number of queries whatever the
    size of the file."""
    casefile = casefile_for(actor=actor, pk=pk, every_member=True)
    everyone: list[HouseholdMember] = casefile.household.every_member  # type: ignore[attr-defined]
    # Through the file, not its office: an emergency access opens the reads of one file.
    page = FilePage(
        casefile=casefile,
        members=[],
        can_view_social=can_on_file(actor, Can.VIEW_SOCIAL, casefile),
        can_view_reception=can_on_file(actor, Can.VIEW_RECEPTION, casefile),
        can_edit_identity=can_on_file(actor, Can.EDIT_IDENTITY, casefile),
        can_edit_reception=can_on_file(actor, Can.EDIT_RECEPTION, casefile),
        can_edit_social=can_on_file(actor, Can.EDIT_SOCIAL, casefile),
        can_write_notes=can_on_file(actor, Can.WRITE_NOTES, casefile),
    )
    # Current members and the former composition, read with the file: the reference
    # person first (the default "who came" at reception), then partners, children and
    # others, eldest first; former periods most recently ended first.
    page.members = [m for m in everyone if m.left_on is None]
    page.past_members = sorted(
        (m for m in everyone if m.left_on is not None),
        key=lambda m: m.left_on or m.joined_on,
        reverse=True,
    )
    # Each situation item says which roles may see it (a secretary may see the household
    # type, not the resources): filtered on every load, so a change of the catalogue
    # shows on the next page.
    roles = roles_on_file(actor, casefile)
    page.roles = set(roles)
    current = [
        value
        for value in of_file(reads.current_situation, casefile)
        if visible_to(value.item, roles)
    ]
    page.situation = [v for v in current if v.item.family != Family.POPULATION_SURVEY]
    page.survey = [v for v in current if v.item.family == Family.POPULATION_SURVEY]
    page.can_edit_situation = can_on_file(actor, Can.EDIT_SOCIAL, casefile)
    if page.can_edit_identity:
        page.documents = of_file(reads.documents, casefile)
    if page.can_view_social:
        page.problems = of_file(reads.problems, casefile)
        page.interventions = _with_addressed_problems(
            casefile, of_file(reads.interventions, casefile)
        )
        page.aid_requests = of_file(reads.aid_requests, casefile)
    if page.can_view_reception:
        page.visits = of_file(reads.visits, casefile)
        page.appointments = of_file(reads.appointments, casefile)
    if can_on_file(actor, Can.WRITE_NOTES, casefile):
        page.notes = attach_live_accesses(
            list(readable_notes(actor).filter(casefile=casefile).select_related("author")),
            casefile,
        )
    elif can_on_file(actor, Can.VIEW_NOTE_METADATA, casefile):
        page.note_metadata = note_metadata_for(actor=actor, casefile=casefile)
    return page


def _with_addressed_problems(casefile, interventions: list[Intervention]) -> list[Intervention]:
    """Sets `addressed_problems` on each intervention from one query of the file's links,
    run even when there is no intervention: the page's number of queries stays the same
    for every file (a prefetch is skipped when its list is empty)."""
    by_intervention: dict[int, list[Problem]] = {}
    for link in reads.addressed_problems(casefile_id=casefile.pk):
        by_intervention.setdefault(link.intervention_id, []).append(link.problem)
    for intervention in interventions:
        intervention.addressed_problems = by_intervention.get(intervention.pk, [])
    return interventions
