"""Who releases a note for a person's access export (GDPR art. 15): the one place that
says it. The data-protection officer produces the export but never reads a note; each note
is released, or withheld with a legal ground, by someone who already reads it:

- its author, while he is a social worker of the file's office;
- once the author has left, the successor the office manager named at hand-over
  (`hand_over_notes`), while he is a social worker there;
- a note written for the team, whose author left (team notes are never handed over): any
  social worker of the office, who reads it already.

A private note of an author who left, with no successor, waits: the office manager names a
successor on the page of the notes of social workers who left. Nobody else, the manager
and the DPO included, can release it: releasing means reading.
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from lien.accounts.models import OfficeMembership
from lien.accounts.policy import Can, offices_where
from lien.accounts.roles import Role

from ..models import NoteVisibility
from .access import author_present, live_accesses
from .models import AccessKind


def releasable_by(actor) -> Q:
    """The condition on Note rows whose release falls to the actor."""
    offices = offices_where(actor, Can.WRITE_NOTES)
    inherited = live_accesses(actor).filter(note_id=OuterRef("pk"), kind=AccessKind.INHERITANCE)
    departed = ~author_present()
    return Q(casefile__office_id__in=offices) & (
        Q(author=actor)
        | (departed & Q(Exists(inherited)))
        | (departed & Q(visibility=NoteVisibility.TEAM))
    )


class ReleaserKind:
    AUTHOR = "author"
    SUCCESSOR = "successor"
    TEAM = "team"
    NOBODY = "nobody"  # a private note of a departed author, no successor named yet


@dataclass
class Releaser:
    """Who must release one note: a kind and the names of the people (never the text)."""

    kind: str
    names: list[str] = field(default_factory=list)


def _heir_present() -> Q:
    """On NoteAccess rows: the grantee is still a social worker of the note's office."""
    membership = OfficeMembership.objects.filter(
        user_id=OuterRef("grantee_id"),
        office_id=OuterRef("note__casefile__office_id"),
        role=Role.SOCIAL_WORKER,
        is_active=True,
    )
    return Q(grantee__is_active=True) & Q(Exists(membership))


def releasers_of(notes) -> dict[int, Releaser]:
    """{note id: who must release it} for a queryset of notes. Reads metadata only: the
    text column is never selected."""
    rows = list(
        notes.annotate(author_here=ExpressionWrapper(author_present(), output_field=BooleanField()))
        .select_related("author")
        .only(
            "pk",
            "visibility",
            "author__first_name",
            "author__last_name",
            "author__username",
        )
    )
    heirs: dict[int, list[str]] = {}
    inheritances = (
        live_accesses()
        .filter(kind=AccessKind.INHERITANCE, note_id__in=[n.pk for n in rows])
        .filter(_heir_present())
        .select_related("grantee")
        .only("note_id", "grantee__first_name", "grantee__last_name", "grantee__username")
    )
    for access in inheritances:
        heirs.setdefault(access.note_id, []).append(str(access.grantee))
    result = {}
    for note in rows:
        if note.author_here:
            result[note.pk] = Releaser(ReleaserKind.AUTHOR, [str(note.author)])
        elif note.pk in heirs:
            result[note.pk] = Releaser(ReleaserKind.SUCCESSOR, sorted(heirs[note.pk]))
        elif note.visibility == NoteVisibility.TEAM:
            result[note.pk] = Releaser(ReleaserKind.TEAM)
        else:
            result[note.pk] = Releaser(ReleaserKind.NOBODY)
    return result
