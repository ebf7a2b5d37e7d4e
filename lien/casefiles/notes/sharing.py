"""What the file page shows of a note's readers: the live shares and inheritances, read
in one query for the whole file, so the page runs the same queries whether the file has
notes or not."""

from collections import defaultdict

from .access import live_accesses


def attach_live_accesses(notes: list, casefile) -> list:
    """Gives each note `live_accesses`: its author sees who can read it; a colleague sees
    the share that lets him read it, with its reason (the template picks)."""
    by_note = defaultdict(list)
    for access in (
        live_accesses().filter(note__casefile=casefile).select_related("grantee", "granted_by")
    ):
        by_note[access.note_id].append(access)
    for note in notes:
        note.live_accesses = by_note[note.pk]
    return notes
