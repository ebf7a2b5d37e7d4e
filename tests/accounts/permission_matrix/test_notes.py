"""The permission matrix of the notes: private to their author, shared by him only, read
as metadata by the manager, who names a departed author's successor."""

import pytest
from django.http import Http404

from lien.accounts.roles import Role
from lien.casefiles.models import NoteVisibility
from lien.casefiles.notes import selectors as note_selectors
from lien.casefiles.notes import services as note_services

from ...factories import member
from .matrix import MGR, NONE, SW, check


def _shared_note(t):
    """The office worker's note, shared with a colleague of his office."""
    [share] = note_services.share_note(
        actor=t.worker,
        note_id=t.first("notes").pk,
        grantee_ids=[member(SW, t.office).pk],
        reason="Relais pendant un congé.",
    )
    return share


def _departed_author(t):
    """A social worker of the office wrote a private note on the file, then left."""
    author = member(SW, t.office)
    note_services.write_note(actor=author, casefile_id=t.file.pk, text="Note d'un départ.")
    author.is_active = False
    author.save()
    return author


NOTE_RULES = {
    # The note is private to the office's social worker, its author.
    "casefiles.notes.selectors.note_for": (
        lambda a, t: note_selectors.note_for(actor=a, pk=t.first("notes").pk) is not None,
        {SW},
        NONE,
    ),
    "casefiles.notes.selectors.note_metadata_for": (
        lambda a, t: bool(note_selectors.note_metadata_for(actor=a, casefile=t.file)),
        {MGR},
        NONE,
    ),
    "casefiles.notes.services.write_note": (
        lambda a, t: (
            note_services.write_note(actor=a, casefile_id=t.file.pk, text="Point d'étape.")
            is not None
        ),
        {SW},
        NONE,
    ),
    # Only the author edits a note.
    "casefiles.notes.services.edit_note": (
        lambda a, t: (
            note_services.edit_note(actor=a, note_id=t.first("notes").pk, text="Corrigé.")
            is not None
        ),
        {SW},
        NONE,
    ),
    # Only the author shares his note, and sees with whom it is shared.
    "casefiles.notes.selectors.note_sharing_for": (
        lambda a, t: note_selectors.note_sharing_for(actor=a, pk=t.first("notes").pk) is not None,
        {SW},
        NONE,
    ),
    "casefiles.notes.services.share_note": (
        lambda a, t: bool(
            note_services.share_note(
                actor=a,
                note_id=t.first("notes").pk,
                grantee_ids=[member(SW, t.office).pk],
                reason="Relais.",
            )
        ),
        {SW},
        NONE,
    ),
    "casefiles.notes.services.revoke_note_share": (
        lambda a, t: (
            note_services.revoke_note_share(actor=a, access_id=_shared_note(t).pk) is not None
        ),
        {SW},
        NONE,
    ),
    # The office manager names a departed author's successor, from metadata only.
    "casefiles.notes.selectors.departed_notes_for": (
        lambda a, t: note_selectors.departed_notes_for(actor=a, office_id=t.office.pk) is not None,
        {MGR},
        NONE,
    ),
    "casefiles.notes.services.hand_over_notes": (
        lambda a, t: bool(
            note_services.hand_over_notes(
                actor=a,
                office_id=t.office.pk,
                author_id=_departed_author(t).pk,
                heir_id=member(SW, t.office).pk,
                reason="Reprise du secteur.",
            )
        ),
        {MGR},
        NONE,
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["own", "other"])
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", sorted(NOTE_RULES))
def test_matrix(world, name, role, scope):
    check(world, NOTE_RULES, name, role, scope)


@pytest.mark.django_db
def test_team_note_is_readable_by_the_office_social_workers_only(world):
    author = world.users[SW]
    colleague = world.other_worker
    note = note_services.write_note(
        actor=author, casefile_id=world.file.pk, text="Synthèse.", visibility=NoteVisibility.TEAM
    )
    from ...factories import member

    office_colleague = member(SW, world.office)
    assert note_selectors.note_for(actor=office_colleague, pk=note.pk) == note
    with pytest.raises(Http404):
        note_selectors.note_for(actor=colleague, pk=note.pk)
    with pytest.raises(Http404):
        note_selectors.note_for(actor=world.users[MGR], pk=note.pk)
    with pytest.raises(Http404):
        note_services.edit_note(
            actor=office_colleague, note_id=note.pk, text="Réécrit par un autre."
        )
