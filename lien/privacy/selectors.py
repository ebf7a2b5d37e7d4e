"""Reads of the person's-rights records. Each takes the acting user first; a file the
actor may not see answers like a missing one."""

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.base.compiled import compiled
from lien.casefiles.models import CaseFile, HouseholdMember, Person, Relationship
from lien.casefiles.scope import can_on_file, get_or_404

from .export import Export, build_access_export
from .limitation import limitation_in_force
from .models import (
    Limitation,
    NoticeGiven,
    NoticeText,
    Rectification,
    RequestStatus,
    RightKind,
    RightsRequest,
    StatisticsOpposition,
)
from .rectification import field_label
from .releases.status import current_decisions, release_overview


@dataclass
class NoticeStatus:
    """The notices given to the members of a file's household, and their oppositions to
    statistics. Part of the file page, whose own read is already audited by
    `casefiles.files.selectors.file_page_for`."""

    # The file page includes it by this name (lien.casefiles.privacy_questions.FilePanel).
    template_name: ClassVar[str] = "privacy/includes/notice_banner.html"
    casefile: CaseFile
    reference_person: Person | None
    given: list[NoticeGiven] = field(default_factory=list)
    current: NoticeText | None = None
    can_record: bool = False
    oppositions: list[StatisticsOpposition] = field(default_factory=list)
    # The limitation of processing in force on the file, if any (the frozen banner).
    limitation: Limitation | None = None
    # The corrections of the members' identity, latest first ("corrected on ... (was ...)").
    corrections: list[Rectification] = field(default_factory=list)

    @property
    def reference_informed(self) -> bool:
        return self.reference_person is not None and any(
            g.person_id == self.reference_person.pk for g in self.given
        )

    @property
    def needs_notice(self) -> bool:
        return self.reference_person is not None and not self.reference_informed


def notice_status_for(*, actor: User, casefile_id: int) -> NoticeStatus:
    casefile = get_or_404(
        CaseFile.objects.all(), actor, Can.VIEW_IDENTITY, casefile_id, office_path="office_id"
    )
    return _notice_status(actor, casefile)


def notice_status_of(*, actor: User, casefile: CaseFile) -> NoticeStatus:
    """The same for a file the page has already read: checked against the same scope
    (the office's identity reads or an emergency access, archived files out) without
    reading it again."""
    if casefile.archived_on is not None or not can_on_file(actor, Can.VIEW_IDENTITY, casefile):
        raise Http404
    return _notice_status(actor, casefile)


def _reference_member(casefile: CaseFile) -> HouseholdMember | None:
    """The household's reference person: the one the file's page read with it
    (`household.reference_members`, lien.casefiles.files.selectors) when it did."""
    if CaseFile.household.is_cached(casefile):
        read = getattr(casefile.household, "reference_members", None)
        if read is not None:
            return read[0] if read else None
    return (
        HouseholdMember.objects.filter(
            household_id=casefile.household_id,
            relationship=Relationship.REFERENCE,
            left_on__isnull=True,
        )
        .select_related("person")
        .first()
    )


def _persons_now(household_id: int) -> QuerySet[HouseholdMember, Any]:
    return HouseholdMember.objects.filter(household_id=household_id, left_on__isnull=True).values(
        "person_id"
    )


# The records of the household's persons now, read on every file page: compiled once. A
# notice given in another office informed the person too: it counts here.
@compiled
def _notices_given(household_id: int) -> QuerySet[NoticeGiven]:
    return NoticeGiven.objects.filter(person_id__in=_persons_now(household_id)).select_related(
        "notice", "person", "given_by"
    )


@compiled
def _oppositions(household_id: int) -> QuerySet[StatisticsOpposition]:
    return StatisticsOpposition.objects.filter(
        person_id__in=_persons_now(household_id)
    ).select_related("person", "recorded_by")


@compiled
def _corrections(household_id: int) -> QuerySet[Rectification]:
    return Rectification.objects.filter(person_id__in=_persons_now(household_id)).select_related(
        "person"
    )


def _notice_status(actor: User, casefile: CaseFile) -> NoticeStatus:
    reference = _reference_member(casefile)
    household_id = casefile.household_id
    return NoticeStatus(
        casefile=casefile,
        reference_person=reference.person if reference else None,
        given=_notices_given(household_id=household_id),
        current=NoticeText.current(),
        can_record=can(actor, Can.EDIT_IDENTITY, casefile.office_id),
        oppositions=_oppositions(household_id=household_id),
        limitation=limitation_in_force(casefile.pk),
        corrections=[_labelled(c) for c in _corrections(household_id=household_id)],
    )


def _labelled(correction: Rectification) -> Rectification:
    correction.field_label = field_label(Person, correction.field_name)
    return correction


def open_rights_requests_for(*, actor: User) -> list[RightsRequest]:
    """The DPO's list: the open requests, the nearest deadline first (audited as a list)."""
    if not can(actor, Can.HANDLE_RIGHTS_REQUESTS):
        return []
    requests = list(
        RightsRequest.objects.filter(status=RequestStatus.OPEN).select_related(
            "person", "casefile__office"
        )
    )
    record(actor=actor, action=Action.LIST, object_kind="rightsrequest", result_count=len(requests))
    return requests


def rights_request_for(*, actor: User, pk: int) -> RightsRequest:
    if not can(actor, Can.HANDLE_RIGHTS_REQUESTS):
        raise Http404
    request = (
        RightsRequest.objects.select_related("person", "casefile__office", "registered_by")
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise Http404
    record_for_file(actor=actor, action=Action.VIEW, casefile=request.casefile, obj=request)
    return request


class NotesNotReleased(Exception):
    """The export waits: some notes are neither released nor withheld by their author."""

    def __init__(self, waiting: int):
        super().__init__(waiting)
        self.waiting = waiting


def access_export_for(*, actor: User, request_id: int) -> tuple[RightsRequest, Export]:
    """The access export of the person who made an open access request: produced by the
    DPO only, justified by the request, audited as an export; only once every note of the
    person's files is released or withheld by its author (`lien.privacy.releases`)."""
    if not can(actor, Can.HANDLE_RIGHTS_REQUESTS):
        raise Http404
    rights = (
        RightsRequest.objects.select_related("person", "casefile")
        .filter(pk=request_id, kind=RightKind.ACCESS, status=RequestStatus.OPEN)
        .first()
    )
    if rights is None:
        raise Http404
    overview = release_overview(rights)
    if not overview.complete:
        raise NotesNotReleased(overview.waiting)
    releases = {r.note_id: r for r in current_decisions(rights.pk, with_text=True)}
    export = build_access_export(rights.person, releases=releases)
    export["request"] = rights.pk
    record_for_file(
        actor=actor,
        action=Action.EXPORT,
        casefile=rights.casefile,
        obj=rights.person,
        reason=_("access request no. %(number)s") % {"number": rights.pk},
    )
    return rights, export
