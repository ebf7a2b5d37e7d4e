"""Where the notes of an access request stand: which are decided, which wait, and for
whom. Reads metadata only (the notes' text column is never selected), so that what it
returns may be shown to the DPO."""

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from lien.casefiles.models import HouseholdMember, Note
from lien.casefiles.notes.release import Releaser, ReleaserKind, releasers_of

from ..models import RightsRequest
from .models import NoteRelease, ReleaseDecision


def person_notes(person_id: int) -> QuerySet[Note]:
    """Every note of the files of every household the person belongs or belonged to: the
    notes section of their access export."""
    households = HouseholdMember.objects.filter(person_id=person_id).values("household_id")
    return Note.objects.filter(casefile__household_id__in=households)


# A decision counts only if taken after the note was last edited.
STILL_VALID = Q(decided_at__gte=F("note__updated_at"))


def current_decisions(rights_request_id: int, *, with_text: bool = False) -> QuerySet[NoteRelease]:
    """The decisions still valid for an access request."""
    rows = NoteRelease.objects.filter(STILL_VALID, rights_request_id=rights_request_id)
    return rows if with_text else rows.defer("released_text")


@dataclass
class WaitingFor:
    """Who must decide on some waiting notes, and in which office."""

    kind: str
    names: tuple[str, ...]
    office: str

    @property
    def nobody(self) -> bool:
        return self.kind == ReleaserKind.NOBODY


@dataclass
class AuthorLine:
    """One author's notes in the export: how many, how many decided, who must decide the
    rest."""

    author: str
    total: int = 0
    released: int = 0
    withheld: int = 0
    waiting_for: list[WaitingFor] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return self.total - self.released - self.withheld


@dataclass
class ReleaseOverview:
    lines: list[AuthorLine]

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def waiting(self) -> int:
        return sum(line.waiting for line in self.lines)

    @property
    def complete(self) -> bool:
        return self.waiting == 0

    @property
    def needs_successor(self) -> list[str]:
        """The offices whose manager must name a successor before the export can go."""
        return sorted(
            {w.office for line in self.lines for w in line.waiting_for if w.nobody},
        )


def release_overview(rights: RightsRequest) -> ReleaseOverview:
    notes = person_notes(rights.person_id)
    decided = dict(current_decisions(rights.pk).values_list("note_id", "decision"))
    rows = list(
        notes.select_related("author", "casefile__office")
        .order_by("author__last_name", "author__first_name", "author_id", "created_at")
        .only(
            "pk",
            "author__first_name",
            "author__last_name",
            "author__username",
            "casefile__office__name",
        )
    )
    waiting = [n for n in rows if n.pk not in decided]
    releasers: dict[int, Releaser] = releasers_of(notes.filter(pk__in=[n.pk for n in waiting]))
    lines: dict[int, AuthorLine] = {}
    for note in rows:
        line = lines.setdefault(note.author_id, AuthorLine(author=str(note.author)))
        line.total += 1
        decision = decided.get(note.pk)
        if decision == ReleaseDecision.RELEASED:
            line.released += 1
        elif decision == ReleaseDecision.WITHHELD:
            line.withheld += 1
        else:
            releaser = releasers[note.pk]
            who = WaitingFor(releaser.kind, tuple(releaser.names), note.casefile.office.name)
            if who not in line.waiting_for:
                line.waiting_for.append(who)
    return ReleaseOverview(lines=list(lines.values()))
