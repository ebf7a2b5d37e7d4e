"""Who may read a child-protection concern, said once: its author (while a social worker
of the file's office), the office's manager, and the CRIP role (every office). Nobody
else, whatever else they may read of the file; a concern out of reach answers 404."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lien.accounts.policy import Can, can, offices_where
from lien.audit.models import Action
from lien.audit.services import record, record_for_file
from lien.base.lookups import object_or_404

from ..files.entries import casefile_or_404
from ..files.models import CaseFile
from ..households.models import HouseholdMember
from ..referrals.models import Partner, PartnerKind
from .models import ChildProtectionConcern


def concerns_visible_to(actor) -> QuerySet[ChildProtectionConcern]:
    concerns = ChildProtectionConcern.objects.filter(casefile__archived_on__isnull=True)
    if can(actor, Can.RECEIVE_CHILD_PROTECTION):
        return concerns
    return concerns.filter(
        Q(
            author_id=actor.pk,
            casefile__office_id__in=offices_where(actor, Can.WRITE_CHILD_PROTECTION),
        )
        | Q(casefile__office_id__in=offices_where(actor, Can.OVERSEE_CHILD_PROTECTION))
    )


def concern_for(*, actor, pk) -> ChildProtectionConcern:
    concern = object_or_404(
        concerns_visible_to(actor).select_related("casefile__office", "crip", "author"), pk
    )
    record_for_file(actor=actor, action=Action.VIEW, casefile=concern.casefile, obj=concern)
    return concern


def concerns_for(*, actor) -> list[ChildProtectionConcern]:
    """The concerns the actor may read, the latest first: the CRIP's inbox, the
    manager's and the author's list."""
    concerns = list(
        concerns_visible_to(actor)
        .select_related("casefile__office", "crip")
        .prefetch_related("children")[:200]
    )
    record(actor=actor, action=Action.LIST, object_kind="concern_list", result_count=len(concerns))
    return concerns


@dataclass
class FileConcerns:
    casefile: CaseFile
    concerns: list[ChildProtectionConcern]
    members: list[HouseholdMember]
    crips: list[Partner]
    may_write: bool


def concerns_of_file_for(*, actor, casefile_id: int) -> FileConcerns:
    """A file's concerns the actor may read, and whether they may write one."""
    casefile = casefile_or_404(actor, casefile_id, Can.VIEW_SOCIAL)
    concerns = list(
        concerns_visible_to(actor)
        .filter(casefile=casefile)
        .select_related("crip", "author")
        .prefetch_related("children")
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="concern_list",
        office_id=casefile.office_id,
        household_id=casefile.household_id,
        result_count=len(concerns),
    )
    return FileConcerns(
        casefile=casefile,
        concerns=concerns,
        members=list(
            HouseholdMember.objects.filter(
                household_id=casefile.household_id, left_on__isnull=True
            ).select_related("person")
        ),
        crips=list(Partner.objects.filter(kind=PartnerKind.CRIP, is_active=True)),
        may_write=can(actor, Can.WRITE_CHILD_PROTECTION, casefile.office_id),
    )
