"""Releasing or withholding one note for an open access request: the act of the note's
author (or of whoever `casefiles.notes.release` names), never of the DPO. Keyword-only,
atomic, audited; a note the actor may not release answers 404 like a missing one. A
decision may be changed while the request is open; each change is an event of its own."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.casefiles.models import Note
from lien.casefiles.notes.release import releasable_by

from ..export import THIRD_PARTY
from ..models import RequestStatus, RightKind, RightsRequest
from .models import NoteRelease, ReleaseDecision, WithholdingGround
from .status import person_notes


def _note_to_decide(actor: User, request_id: int, note_id: int) -> tuple[RightsRequest, Note]:
    # Locks the request, so that a decision and the request's closing never cross.
    rights = (
        RightsRequest.objects.select_for_update()
        .filter(pk=request_id, kind=RightKind.ACCESS, status=RequestStatus.OPEN)
        .first()
    )
    if rights is None:
        raise Http404
    note = (
        person_notes(rights.person_id)
        .filter(releasable_by(actor))
        .select_related("casefile")
        .filter(pk=note_id)
        .first()
    )
    if note is None:
        raise Http404
    return rights, note


def _decide(
    actor: User, rights: RightsRequest, note: Note, **decision: object
) -> tuple[NoteRelease, Action]:
    release, created = NoteRelease.objects.update_or_create(
        rights_request=rights,
        note=note,
        defaults={**decision, "decided_by": actor, "decided_at": timezone.now()},
    )
    return release, Action.CREATE if created else Action.UPDATE


def _masked(text: str, passages: list[str]) -> tuple[str, int]:
    wanted = []
    for line in passages:
        passage = line.strip()
        if passage and passage not in wanted:
            wanted.append(passage)
    missing = [p for p in wanted if p not in text]
    if missing:
        raise ValidationError(
            {
                "masked_passages": _(
                    "This passage is not in the note, word for word: “%(passage)s”. "
                    "Copy it from the note."
                )
                % {"passage": missing[0]}
            }
        )
    # The longest first, so that a passage inside another does not split it.
    for passage in sorted(wanted, key=len, reverse=True):
        text = text.replace(passage, THIRD_PARTY)  # the export's mark for third parties
    return text, len(wanted)


@transaction.atomic
def release_note(
    *, actor: User, request_id: int, note_id: int, masked_passages: Sequence[str] = ()
) -> NoteRelease:
    """Releases the note for the export as it is, or with the passages given (each copied
    from the note: someone else's name, what concerns them) blacked out. Nothing can be
    added or reworded: the person receives their note as written."""
    rights, note = _note_to_decide(actor, request_id, note_id)
    text, masked = _masked(note.text, list(masked_passages))
    release, action = _decide(
        actor,
        rights,
        note,
        decision=ReleaseDecision.RELEASED,
        released_text=text,
        masked_passages=masked,
        ground="",
    )
    record_for_file(
        actor=actor,
        action=action,
        casefile=note.casefile,
        obj=release,
        reason=_(
            "note %(note)s released for access request %(request)s, %(masked)s passages blacked out"
        )
        % {"note": note.pk, "request": rights.pk, "masked": masked},
        while_limited=True,  # answering the person's access goes on under a limitation
    )
    return release


@transaction.atomic
def withhold_note(*, actor: User, request_id: int, note_id: int, ground: str) -> NoteRelease:
    """Keeps the note out of the export on a legal ground, which the export tells the
    person (with the note's date and author) so that they may contest it."""
    if ground not in WithholdingGround.values:
        raise ValidationError({"ground": _("Choose the legal ground for withholding the note.")})
    rights, note = _note_to_decide(actor, request_id, note_id)
    release, action = _decide(
        actor,
        rights,
        note,
        decision=ReleaseDecision.WITHHELD,
        released_text="",
        masked_passages=0,
        ground=ground,
    )
    record_for_file(
        actor=actor,
        action=action,
        casefile=note.casefile,
        obj=release,
        reason=_("note %(note)s withheld from access request %(request)s: %(ground)s")
        % {"note": note.pk, "request": rights.pk, "ground": WithholdingGround(ground).label},
        while_limited=True,
    )
    return release
