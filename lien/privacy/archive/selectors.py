"""Reading the intermediate archive: a few roles (the manager of the file's office, the
DPO), every list and search logged with its count, every file opened logged with its
reason."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can, offices_where
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.casefiles.models import (
    AidRequest,
    CaseFile,
    HouseholdMember,
    Intervention,
    Problem,
)

from .access import archive_keeper_or_404, file_or_404
from .listing import ArchivedRow, archived_files, matching, rows

ARCHIVE_LIST_LIMIT = 200


def archived_casefile_for(*, actor: User, pk: int, reason: str) -> CaseFile:
    """An archived file, for the manager of its office or the DPO, who must say why; the
    reason goes into the audit event of the read."""
    casefile = file_or_404(pk, archived_on__isnull=False)
    archive_keeper_or_404(actor, casefile)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for opening an archived file.")})
    record_for_file(actor=actor, action=Action.VIEW, casefile=casefile, reason=reason[:200])
    return casefile


def _keeper_offices(actor: User) -> frozenset[int] | None:
    """The offices whose archive the actor keeps: all for the DPO (None), their own for
    an office manager; anyone else gets the 404 of a missing page."""
    if can(actor, Can.VIEW_AUDIT):
        return None
    offices = offices_where(actor, Can.ASSIGN_REFERENT)
    if not offices:
        raise Http404
    return offices


def archived_files_for(*, actor: User, query: str = "") -> list[ArchivedRow]:
    """The archived files the actor keeps, identity minimal; with a query, those whose
    number it is or a member of whose household it names. Logged with the count, never
    the terms."""
    files = archived_files(_keeper_offices(actor))
    searched = bool((query or "").strip())
    if searched:
        files = matching(files, query)
    found = rows(files, ARCHIVE_LIST_LIMIT)
    record(
        actor=actor,
        action=Action.SEARCH if searched else Action.LIST,
        object_kind="archive",
        result_count=len(found),
    )
    return found


@dataclass
class ArchivedFilePage:
    """An archived file, read only: its household, problems, interventions and aid
    requests (the evidence the archive is kept for). Never notes; no situation values,
    whose visibility is per role in an office."""

    casefile: CaseFile
    members: list[HouseholdMember]
    problems: list[Problem] = field(default_factory=list)
    interventions: list[Intervention] = field(default_factory=list)
    aid_requests: list[AidRequest] = field(default_factory=list)


def archived_file_page_for(*, actor: User, pk: int, reason: str) -> ArchivedFilePage:
    casefile = archived_casefile_for(actor=actor, pk=pk, reason=reason)
    return ArchivedFilePage(
        casefile=casefile,
        members=list(
            casefile.household.members.filter(left_on__isnull=True)
            .select_related("person")
            .order_by("relationship", "person__birth_date")
        ),
        problems=list(casefile.problems.select_related("item")),
        interventions=list(casefile.interventions.select_related("item", "worker")),
        aid_requests=list(casefile.aid_requests.select_related("aid_type")),
    )
