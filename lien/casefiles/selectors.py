"""Reads of personal data. Each takes the acting user first and shows only what the
policy lets that user see; what they may not see answers like what does not exist.

Reads that show a file, a person or a search result write their audit event here, at
the point of reading, so that no page can show personal data without leaving a trace.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.utils import timezone
from rapidfuzz import fuzz

from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.catalog.models import Item
from lien.catalog.selectors import situation_items_for
from lien.catalog.visibility import visible_to

from .models import (
    AidRequest,
    Appointment,
    AppointmentStatus,
    CaseFile,
    Document,
    FileStatus,
    HouseholdMember,
    Intervention,
    Note,
    Person,
    Problem,
    SituationValue,
    Visit,
)
from .notes.access import readable_by
from .notes.sharing import attach_live_accesses
from .scope import (
    can_on_file,
    files_in_scope,
    get_or_404,
    in_scope,
    require_office,
    roles_on_file,
)
from .search_key import normalise, tokens

SEARCH_LIMIT = 50


def files_visible_to(*, actor) -> QuerySet[CaseFile]:
    """The files whose identity part the actor may see (not audited: a building block;
    the pages that list files record their own event)."""
    return files_in_scope(actor, Can.VIEW_IDENTITY)


def _with_household(queryset: QuerySet[CaseFile]) -> QuerySet[CaseFile]:
    reference = HouseholdMember.objects.filter(
        relationship="reference", left_on__isnull=True
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

    files: list[CaseFile]
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


def casefile_for(*, actor, pk) -> CaseFile:
    casefile = get_or_404(
        _with_household(CaseFile.objects.select_related("household")),
        actor,
        Can.VIEW_IDENTITY,
        pk,
        office_path="office_id",
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=casefile)
    return casefile


@dataclass
class NoteMetadata:
    """What a manager may know of a note: that it exists, who wrote it and when."""

    pk: int
    author_name: str
    created_at: object


@dataclass
class FilePage:
    casefile: CaseFile
    members: list[HouseholdMember]
    can_view_social: bool
    can_view_reception: bool
    situation: list[SituationValue] = field(default_factory=list)
    can_edit_situation: bool = False
    problems: list[Problem] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    aid_requests: list[AidRequest] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    note_metadata: list[NoteMetadata] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
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
            if member.relationship == "reference":
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
    casefile = casefile_for(actor=actor, pk=pk)
    # Through the file, not its office: an emergency access opens the reads of one file.
    page = FilePage(
        casefile=casefile,
        members=list(
            casefile.household.members.filter(left_on__isnull=True)
            .select_related("person")
            .order_by("relationship", "person__birth_date")
        ),
        can_view_social=can_on_file(actor, Can.VIEW_SOCIAL, casefile),
        can_view_reception=can_on_file(actor, Can.VIEW_RECEPTION, casefile),
        can_edit_identity=can_on_file(actor, Can.EDIT_IDENTITY, casefile),
        can_edit_reception=can_on_file(actor, Can.EDIT_RECEPTION, casefile),
        can_edit_social=can_on_file(actor, Can.EDIT_SOCIAL, casefile),
        can_write_notes=can_on_file(actor, Can.WRITE_NOTES, casefile),
    )
    # Each situation item says which roles may see it (a secretary may see the household
    # type, not the resources): filtered on every load, so a change of the catalogue
    # shows on the next page.
    roles = roles_on_file(actor, casefile)
    page.situation = [
        value
        for value in casefile.situation.filter(superseded_at__isnull=True)
        .select_related("item")
        .order_by("item__position", "item__code")
        if visible_to(value.item, roles)
    ]
    page.can_edit_situation = can_on_file(actor, Can.EDIT_SOCIAL, casefile)
    if page.can_edit_identity:
        page.documents = list(casefile.documents.select_related("person"))
    if page.can_view_social:
        page.problems = list(casefile.problems.select_related("item"))
        page.interventions = _with_addressed_problems(
            casefile, list(casefile.interventions.select_related("item", "worker"))
        )
        page.aid_requests = list(casefile.aid_requests.select_related("aid_type"))
    if page.can_view_reception:
        page.visits = list(casefile.visits.select_related("person"))
        page.appointments = list(casefile.appointments.select_related("person", "worker"))
    if can_on_file(actor, Can.WRITE_NOTES, casefile):
        page.notes = attach_live_accesses(
            list(_readable_notes(actor).filter(casefile=casefile).select_related("author")),
            casefile,
        )
    elif can_on_file(actor, Can.VIEW_NOTE_METADATA, casefile):
        page.note_metadata = note_metadata_for(actor=actor, casefile=casefile)
    return page


def _with_addressed_problems(casefile, interventions: list[Intervention]) -> list[Intervention]:
    """Sets `addressed_problems` on each intervention from one query of the file's links,
    run even when there is no intervention: the page's number of queries stays the same
    for every file (a prefetch is skipped when its list is empty)."""
    links = Intervention.problems.through.objects.filter(
        intervention__casefile=casefile
    ).select_related("problem__item")
    by_intervention: dict[int, list[Problem]] = {}
    for link in links.order_by("problem_id"):
        by_intervention.setdefault(link.intervention_id, []).append(link.problem)
    for intervention in interventions:
        intervention.addressed_problems = by_intervention.get(intervention.pk, [])
    return interventions


def _readable_notes(actor) -> QuerySet[Note]:
    """Notes are private to their author; a team note is readable by the social workers
    of the file's office; a shared or inherited one by the colleagues named
    (notes/access.py says who)."""
    return in_scope(Note.objects.all(), actor, Can.WRITE_NOTES).filter(readable_by(actor))


def note_for(*, actor, pk) -> Note:
    note = get_or_404(
        _readable_notes(actor).select_related("casefile", "author"), actor, Can.WRITE_NOTES, pk
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=note.casefile, obj=note)
    return note


def note_metadata_for(*, actor, casefile: CaseFile) -> list[NoteMetadata]:
    """Never reads the text column: the manager's page cannot leak it by accident."""
    if not can(actor, Can.VIEW_NOTE_METADATA, casefile.office_id):
        return []
    rows = (
        Note.objects.filter(casefile=casefile)
        .select_related("author")
        .only("pk", "created_at", "author__first_name", "author__last_name", "author__username")
    )
    return [NoteMetadata(pk=n.pk, author_name=str(n.author), created_at=n.created_at) for n in rows]


def problem_for(*, actor, pk) -> Problem:
    problem = get_or_404(
        Problem.objects.select_related("casefile", "item"), actor, Can.VIEW_SOCIAL, pk
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=problem.casefile, obj=problem)
    return problem


def intervention_for(*, actor, pk) -> Intervention:
    intervention = get_or_404(
        Intervention.objects.select_related("casefile", "item"), actor, Can.VIEW_SOCIAL, pk
    )
    record_for_file(
        actor=actor, action=Action.VIEW, casefile=intervention.casefile, obj=intervention
    )
    return intervention


def aid_request_for(*, actor, pk) -> AidRequest:
    aid = get_or_404(
        AidRequest.objects.select_related("casefile", "aid_type"), actor, Can.VIEW_SOCIAL, pk
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=aid.casefile, obj=aid)
    return aid


def person_for(*, actor, pk) -> Person:
    try:
        person = _persons_in_scope(actor).get(pk=pk)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    record(actor=actor, action=Action.VIEW, object_kind="person", object_id=person.pk)
    return person


def _persons_in_scope(actor) -> QuerySet[Person]:
    """Persons of a household with a file in the actor's offices. Written as two nested
    lookups (the person's memberships, then the files of each household) so that the
    database checks a person from the person's side: with the office condition in the
    same subquery, SQLite read every file of the office for each candidate of a search."""
    file_in_office = files_in_scope(actor, Can.VIEW_IDENTITY).filter(
        household_id=OuterRef("household_id")
    )
    in_office = HouseholdMember.objects.filter(person=OuterRef("pk")).filter(Exists(file_in_office))
    return Person.objects.filter(Exists(in_office))


def _name_words_start_with(
    queryset: QuerySet[Person], words: list[str], *, every: bool
) -> QuerySet[Person]:
    """Persons of whose name each (every=True) or some (every=False) of `words` starts a
    word. The words come from `tokens()`: letters and digits only.

    On SQLite the FTS5 index of the search keys answers it (migration casefiles/0004),
    on PostgreSQL the same condition with LIKE, which its trigram index answers."""
    if connections[queryset.db].vendor == "sqlite":
        match = (" AND " if every else " OR ").join(f'"{word}"*' for word in words)
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM casefiles_person_fts WHERE casefiles_person_fts MATCH %s",
                [match],
            )
        )
    conditions = [Q(search_key__startswith=w) | Q(search_key__contains=" " + w) for w in words]
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = (combined & condition) if every else (combined | condition)
    return queryset.filter(combined)


def _by_search_key(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Ordered by search key. On PostgreSQL by the key as an expression (the same order:
    `key || ''`), which its B-tree index cannot serve: given `ORDER BY search_key LIMIT
    50`, the planner walked that index through every person of the département, checking
    the name and the office of each, until it had 50 (over 300 ms for "martin" at 100,000
    households). Without it, it takes the matches from the trigram index, sorts them and
    checks the office of the first ones only."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.order_by(Concat("search_key", Value("")))
    return queryset.order_by("search_key")


@dataclass
class PersonMatch:
    person: Person
    casefiles: list[CaseFile]


def search_persons(*, actor, query: str, limit: int = SEARCH_LIMIT) -> list[PersonMatch]:
    """Accent- and case-insensitive search on names, within the actor's offices.

    Every word of the query must start a word of the name ("dup jea" finds "DUPONT
    Jean-Marc"). The audit records the number of results, never the terms.
    """
    words = tokens(query)
    persons: list[Person] = []
    if words:
        queryset = _name_words_start_with(_persons_in_scope(actor), words, every=True)
        persons = list(_by_search_key(queryset)[:limit])
    files_by_person = _files_of_persons(actor, persons)
    matches = [PersonMatch(person=p, casefiles=files_by_person.get(p.pk, [])) for p in persons]
    record(actor=actor, action=Action.SEARCH, object_kind="person", result_count=len(matches))
    return matches


def _files_of_persons(actor, persons: list[Person]) -> dict[int, list[CaseFile]]:
    memberships = HouseholdMember.objects.filter(
        person__in=persons, left_on__isnull=True
    ).values_list("person_id", "household_id")
    households: dict[int, list[int]] = {}
    for person_id, household_id in memberships:
        households.setdefault(household_id, []).append(person_id)
    result: dict[int, list[CaseFile]] = {}
    # The office scope as a correlated EXISTS rather than `office_id IN (…)`: so the
    # database looks the few files up by household instead of reading a whole office's.
    visible = files_visible_to(actor=actor).filter(pk=OuterRef("pk"))
    for casefile in (
        CaseFile.objects.filter(household_id__in=households)
        .filter(Exists(visible))
        .select_related("office", "referent")
    ):
        for person_id in households[casefile.household_id]:
            result.setdefault(person_id, []).append(casefile)
    return result


@dataclass
class ReceptionDay:
    day: date
    appointments: list[Appointment]
    visits: list[Visit]


def reception_day_for(*, actor, office_id: int, day: date | None = None) -> ReceptionDay:
    """Today's appointments and visits of an office, for its reception desk."""
    require_office(actor, Can.VIEW_RECEPTION, office_id)
    day = day or timezone.localdate()
    appointments = in_scope(Appointment.objects.all(), actor, Can.VIEW_RECEPTION).filter(
        casefile__office_id=office_id, starts_at__date=day
    )
    visits = in_scope(Visit.objects.all(), actor, Can.VIEW_RECEPTION).filter(
        casefile__office_id=office_id, occurred_at__date=day
    )
    result = ReceptionDay(
        day=day,
        appointments=list(
            appointments.exclude(status=AppointmentStatus.CANCELLED)
            .select_related("person", "worker")
            .order_by("starts_at")
        ),
        visits=list(visits.select_related("person", "logged_by").order_by("-occurred_at")),
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="reception_day",
        office_id=office_id,
        result_count=len(result.appointments) + len(result.visits),
    )
    return result


@dataclass
class SituationForm:
    """What the situation form of a file needs: the items the actor may fill in (one
    query, the choices are on the rows) and their current values (one query)."""

    casefile: CaseFile
    items: list[Item]
    current: dict[int, SituationValue]


def situation_form_for(*, actor, pk) -> SituationForm:
    casefile = get_or_404(
        CaseFile.objects.select_related("office"),
        actor,
        Can.EDIT_SOCIAL,
        pk,
        office_path="office_id",
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=casefile)
    items = situation_items_for(actor=actor, office_id=casefile.office_id)
    current = {
        value.item_id: value
        for value in casefile.situation.filter(superseded_at__isnull=True, item__in=items)
    }
    return SituationForm(casefile=casefile, items=items, current=current)


SIMILARITY_THRESHOLD = 80
_CANDIDATE_POOL = 300


def _similarity(query_words: list[str], key: str) -> float:
    """How well each word typed matches its closest word of the name, on average:
    "mohamed" ~ "mohammed" and "lefebvre" ~ "lefevre" score above 90."""
    name_words = key.split()
    if not name_words:
        return 0.0
    return sum(max(fuzz.ratio(q, n) for n in name_words) for q in query_words) / len(query_words)


def similar_persons(*, actor, query: str, limit: int = 8) -> list[PersonMatch]:
    """Likely duplicates of a name being typed, tolerant of accents and typos, within the
    actor's offices. Candidates share the first three letters of a word with the query
    (an index-friendly prefix on the search key); rapidfuzz ranks them."""
    words = [w for w in tokens(query) if len(w) >= 2]
    persons: list[Person] = []
    if words:
        stems = sorted({word[:3] for word in words})
        candidates = _by_search_key(
            _name_words_start_with(_persons_in_scope(actor), stems, every=False)
        )
        scored = [
            (_similarity(words, person.search_key or normalise(person.full_name)), person)
            for person in candidates[:_CANDIDATE_POOL]
        ]
        scored = [pair for pair in scored if pair[0] >= SIMILARITY_THRESHOLD]
        scored.sort(key=lambda pair: (-pair[0], pair[1].search_key))
        persons = [person for _score, person in scored[:limit]]
    files_by_person = _files_of_persons(actor, persons)
    matches = [PersonMatch(person=p, casefiles=files_by_person.get(p.pk, [])) for p in persons]
    record(actor=actor, action=Action.SEARCH, object_kind="person", result_count=len(matches))
    return matches


def unassigned_visits_for(*, actor, office_id: int, days: int = 30) -> list[Visit]:
    """Recent visits to files that have no referent yet: for the manager to give them
    one. What was asked (the coarse reason), never anything about the worker."""
    require_office(actor, Can.ASSIGN_REFERENT, office_id)
    since = timezone.now() - timedelta(days=days)
    visits = list(
        in_scope(Visit.objects.all(), actor, Can.ASSIGN_REFERENT)
        .filter(
            casefile__office_id=office_id,
            casefile__referent__isnull=True,
            casefile__status=FileStatus.OPEN,
            occurred_at__gte=since,
        )
        .select_related("person", "casefile")
        .order_by("-occurred_at")
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="unassigned_visits",
        office_id=office_id,
        result_count=len(visits),
    )
    return visits
