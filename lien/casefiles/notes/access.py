"""Who may read a note, as database conditions: the one place that says it.

- its author, while he is a social worker of the file's office;
- the office's social workers, for a note written for the team;
- a colleague the author named (secret partagé), until the share's end date, while the
  author is still there: when he leaves, his private notes close to everyone;
- the successor the office manager named after the author left (inheritance).

Every condition is applied on top of `scope.in_scope(..., Can.WRITE_NOTES)`: only a social
worker of the file's office reads a note, whatever else is granted. A manager never does.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lien.accounts.models import OfficeMembership
from lien.accounts.policy import Can
from lien.accounts.roles import Role

from ..models import NoteVisibility
from ..scope import in_scope
from .models import AccessKind, Note, NoteAccess

# A share lasts three months by default, and never longer: past that the author shares
# again, with a fresh reason.
SHARE_DAYS = 92


def social_workers_of(office_id: int) -> QuerySet:
    """The active social workers of an office: those a note may be shared with or handed
    over to."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__office_id=office_id,
            memberships__role=Role.SOCIAL_WORKER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def author_present(note_path: str = "") -> Q:
    """The note's author still works as a social worker in the note's file's office."""
    membership = OfficeMembership.objects.filter(
        user_id=OuterRef(f"{note_path}author_id"),
        office_id=OuterRef(f"{note_path}casefile__office_id"),
        role=Role.SOCIAL_WORKER,
        is_active=True,
    )
    return Q(**{f"{note_path}author__is_active": True}) & Q(Exists(membership))


def live_accesses(grantee=None, *, today: date | None = None) -> QuerySet[NoteAccess]:
    """Shares not revoked nor past their end date, and inheritances not revoked."""
    today = today or timezone.localdate()
    rows = NoteAccess.objects.filter(revoked_at__isnull=True).filter(
        Q(kind=AccessKind.INHERITANCE) | Q(kind=AccessKind.SHARE, expires_on__gte=today)
    )
    return rows if grantee is None else rows.filter(grantee=grantee)


def readable_by(actor) -> Q:
    """The condition on Note rows that the actor may read (within his office scope)."""
    mine = live_accesses(actor).filter(note_id=OuterRef("pk"))
    shared = Exists(mine.filter(kind=AccessKind.SHARE)) & author_present()
    inherited = Exists(mine.filter(kind=AccessKind.INHERITANCE))
    return Q(author=actor) | Q(visibility=NoteVisibility.TEAM) | Q(shared) | Q(inherited)


def readable_notes(actor) -> QuerySet[Note]:
    """The notes the actor may read: within his office scope, those `readable_by` him."""
    return in_scope(Note.objects.all(), actor, Can.WRITE_NOTES).filter(readable_by(actor))
