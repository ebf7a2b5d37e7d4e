"""Reads for releasing the notes of access exports. Each takes the acting user first; a
request the actor has nothing to release in answers like a missing one."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.casefiles.models import HouseholdMember, Note
from lien.casefiles.notes.release import releasable_by

from ..models import RequestStatus, RightKind, RightsRequest
from .models import NoteRelease
from .status import STILL_VALID, ReleaseOverview, person_notes, release_overview


def _open_access_requests() -> QuerySet[RightsRequest]:
    return RightsRequest.objects.filter(kind=RightKind.ACCESS, status=RequestStatus.OPEN)


def release_overview_for(*, actor: User, request_id: int) -> ReleaseOverview:
    """The DPO's view of an access request's notes: counts by author and who must
    release the waiting ones. Part of the request's page, whose read
    `rights_request_for` already audits; it holds no note text."""
    if not can(actor, Can.HANDLE_RIGHTS_REQUESTS):
        raise Http404
    rights = RightsRequest.objects.filter(pk=request_id, kind=RightKind.ACCESS).first()
    if rights is None:
        raise Http404
    return release_overview(rights)


@dataclass
class WaitingRequest:
    """An open access request holding notes the actor must release."""

    rights: RightsRequest
    waiting: int
    total: int
    files: list[int] = field(default_factory=list)

    @property
    def due_on(self) -> date:
        return self.rights.due_on


def requests_waiting_for(*, actor: User) -> list[WaitingRequest]:
    """The open access requests in which the actor has notes to release, the nearest
    deadline first. Three queries whatever the number of requests."""
    if not can(actor, Can.WRITE_NOTES):
        return []
    requests = list(_open_access_requests().select_related("person"))
    if not requests:
        return []
    households: dict[int, set[int]] = {}
    for person_id, household_id in HouseholdMember.objects.filter(
        person_id__in={r.person_id for r in requests}
    ).values_list("person_id", "household_id"):
        households.setdefault(person_id, set()).add(household_id)
    mine = list(
        Note.objects.filter(releasable_by(actor))
        .filter(casefile__household_id__in={h for hs in households.values() for h in hs})
        .values_list("pk", "casefile__household_id", "casefile_id")
    )
    decided = set(
        NoteRelease.objects.filter(
            STILL_VALID, rights_request__in=requests, note_id__in=[row[0] for row in mine]
        ).values_list("rights_request_id", "note_id")
    )
    result = []
    for rights in requests:
        theirs = households.get(rights.person_id, set())
        notes = [(pk, file_id) for pk, household_id, file_id in mine if household_id in theirs]
        waiting = [pk for pk, file_id in notes if (rights.pk, pk) not in decided]
        if waiting:
            files = sorted({file_id for pk, file_id in notes})
            result.append(WaitingRequest(rights, len(waiting), len(notes), files))
    if result:
        record(actor=actor, action=Action.LIST, object_kind="noterelease", result_count=len(result))
    return result


@dataclass
class NoteToRelease:
    note: Note
    decision: NoteRelease | None
    # A decision taken before the note's last edit: the note must be decided again.
    outdated: bool = False


@dataclass
class ReleaseWork:
    """The actor's notes in one access request, with their text, to release them."""

    rights: RightsRequest
    notes: list[NoteToRelease]

    @property
    def waiting(self) -> int:
        return sum(1 for n in self.notes if n.decision is None or n.outdated)


def release_work_for(*, actor: User, request_id: int) -> ReleaseWork:
    """The notes the actor must release for an open access request, with their text:
    a read of the notes, audited once per file, justified by the request."""
    rights = (
        _open_access_requests().select_related("person", "casefile").filter(pk=request_id).first()
    )
    if rights is None:
        raise Http404
    notes = list(
        person_notes(rights.person_id)
        .filter(releasable_by(actor))
        .select_related("casefile", "author")
        .order_by("casefile_id", "created_at", "pk")
    )
    if not notes:
        raise Http404
    decisions = {
        d.note_id: d
        for d in NoteRelease.objects.filter(
            rights_request=rights, note_id__in=[n.pk for n in notes]
        ).select_related("decided_by")
    }
    items = []
    for note in notes:
        decision = decisions.get(note.pk)
        outdated = decision is not None and decision.decided_at < note.updated_at
        items.append(NoteToRelease(note, decision, outdated))
    for casefile in {n.casefile_id: n.casefile for n in notes}.values():
        record_for_file(
            actor=actor,
            action=Action.VIEW,
            casefile=casefile,
            obj=rights,
            reason=_("notes read to release them for access request %(id)s") % {"id": rights.pk},
        )
    return ReleaseWork(rights=rights, notes=items)
