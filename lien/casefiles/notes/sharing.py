"""What the file page shows of a note's readers: the live shares and inheritances, read
in one query for the whole file, so the page runs the same queries whether the file has
notes or not."""

from collections import defaultdict
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from lien.base.compiled import compiled

from .access import live_accesses
from .models import NoteAccess


@compiled
def _live_on_file(casefile_id: int, today: date) -> QuerySet[NoteAccess]:
    # Read on every file page of a social worker: compiled once.
    return (
        live_accesses(today=today)
        .filter(note__casefile_id=casefile_id)
        .select_related("grantee", "granted_by")
    )


def attach_live_accesses(notes: list, casefile) -> list:
    """Gives each note `live_accesses`: its author sees who can read it; a colleague sees
    the share that lets him read it, with its reason (the template picks)."""
    by_note = defaultdict(list)
    for access in _live_on_file(casefile_id=casefile.pk, today=timezone.localdate()):
        by_note[access.note_id].append(access)
    for note in notes:
        note.live_accesses = by_note[note.pk]
    return notes
