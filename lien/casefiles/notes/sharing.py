"""What the file page shows of a note's readers: the live shares and inheritances,
fetched with the notes in one query."""

from django.db.models import Prefetch

from .access import live_accesses


def note_accesses_on_page() -> Prefetch:
    """Each note gets `live_accesses`: its author sees who can read it; a colleague sees
    the share that lets him read it, with its reason (the template picks)."""
    return Prefetch(
        "accesses",
        queryset=live_accesses().select_related("grantee", "granted_by"),
        to_attr="live_accesses",
    )
