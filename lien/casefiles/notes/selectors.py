"""Reads of notes: one note, what a manager may know of a file's notes, and the pages for
sharing notes and handing them over. The manager's list of a departed
author's notes never reads their text column: metadata only."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Max

from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file

from ..models import CaseFile, HouseholdMember, Note, NoteVisibility
from ..privacy_questions import privacy
from ..scope import get_or_404, in_scope, require_office
from .access import author_present, live_accesses, readable_notes, social_workers_of
from .models import AccessKind, NoteAccess


@dataclass
class NoteSharing:
    """The author's page for sharing one note: who reads it now, and with whom it may be
    shared."""

    note: Note
    shares: list[NoteAccess]
    colleagues: list


def note_sharing_for(*, actor, pk) -> NoteSharing:
    note = get_or_404(
        Note.objects.filter(author=actor).select_related("casefile", "author"),
        actor,
        Can.WRITE_NOTES,
        pk,
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=note.casefile, obj=note)
    return NoteSharing(
        note=note,
        shares=list(live_accesses().filter(note=note).select_related("grantee", "granted_by")),
        colleagues=list(social_workers_of(note.casefile.office_id).exclude(pk=actor.pk)),
    )


@dataclass
class NoteMetadata:
    """What a manager may know of a note: that it exists, who wrote it and when."""

    pk: int
    author_name: str
    created_at: object


def note_for(*, actor, pk) -> Note:
    note = get_or_404(
        readable_notes(actor).select_related("casefile", "author"), actor, Can.WRITE_NOTES, pk
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


@dataclass
class DepartedFile:
    """One file holding private notes of an author who left: how many, the latest date,
    and who inherited them. Nothing of what they say."""

    casefile: CaseFile
    count: int
    latest: datetime
    heirs: list[str] = field(default_factory=list)
    # An open access request of a member of the household waits for these notes: its
    # answer is due then (lien.privacy.releases: only a successor can release them).
    access_due_on: date | None = None


@dataclass
class DepartedAuthor:
    author: object
    files: list[DepartedFile] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        """Files whose notes nobody has inherited yet."""
        return sum(1 for f in self.files if not f.heirs)


def departed_notes_for(*, actor, office_id: int) -> list[DepartedAuthor]:
    """The office's files holding private notes of authors who left, by author."""
    require_office(actor, Can.HAND_OVER_NOTES, office_id)
    rows = (
        in_scope(Note.objects.all(), actor, Can.HAND_OVER_NOTES)
        .filter(casefile__office_id=office_id, visibility=NoteVisibility.PRIVATE)
        .exclude(author_present())
        .values("author_id", "casefile_id")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("author_id", "-latest")
    )
    chosen = list(rows)
    files = CaseFile.objects.select_related("household").in_bulk({r["casefile_id"] for r in chosen})
    users = get_user_model().objects
    authors = users.in_bulk({r["author_id"] for r in chosen})
    heirs: dict[tuple[int, int], set[int]] = {}
    # A successor who left in turn reads nothing more: the file waits again.
    inherited = live_accesses().filter(
        kind=AccessKind.INHERITANCE,
        note__casefile_id__in=files.keys(),
        note__visibility=NoteVisibility.PRIVATE,
        grantee__in=social_workers_of(office_id),
    )
    for author_id, casefile_id, grantee in inherited.values_list(
        "note__author_id", "note__casefile_id", "grantee_id"
    ):
        heirs.setdefault((author_id, casefile_id), set()).add(grantee)
    names = {u.pk: str(u) for u in users.filter(pk__in={g for gs in heirs.values() for g in gs})}
    due = _access_requests_due({f.household_id for f in files.values()})
    result: dict[int, DepartedAuthor] = {}
    for row in chosen:
        group = result.setdefault(
            row["author_id"], DepartedAuthor(author=authors[row["author_id"]])
        )
        group.files.append(
            DepartedFile(
                casefile=files[row["casefile_id"]],
                count=row["count"],
                latest=row["latest"],
                heirs=sorted(
                    names[g] for g in heirs.get((row["author_id"], row["casefile_id"]), ())
                ),
                access_due_on=due.get(files[row["casefile_id"]].household_id),
            )
        )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="note_inheritance",
        office_id=office_id,
        result_count=len(chosen),
    )
    return list(result.values())


def _access_requests_due(household_ids: set[int]) -> dict[int, date]:
    """{household id: the earliest answer due of an open access request of one of its
    members}: the export waits for the notes of the household's files."""
    persons: dict[int, set[int]] = {}
    for person_id, household_id in HouseholdMember.objects.filter(
        household_id__in=household_ids
    ).values_list("person_id", "household_id"):
        persons.setdefault(person_id, set()).add(household_id)
    due: dict[int, date] = {}
    for person_id, due_on in privacy().access_requests_due(persons).items():
        for household_id in persons[person_id]:
            due[household_id] = min(due.get(household_id, due_on), due_on)
    return due
