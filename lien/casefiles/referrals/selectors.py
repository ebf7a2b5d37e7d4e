"""A file's agreements to share and its referrals, with the partners one may refer to."""

from dataclasses import dataclass

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record

from ..files.entries import casefile_or_404
from ..files.models import CaseFile
from ..households.models import HouseholdMember
from .models import Partner, Referral, SharingAgreement


@dataclass
class FileReferrals:
    casefile: CaseFile
    agreements: list[SharingAgreement]
    referrals: list[Referral]
    partners: list[Partner]
    members: list[HouseholdMember]


def referrals_of_file_for(*, actor, casefile_id: int) -> FileReferrals:
    casefile = casefile_or_404(actor, casefile_id, Can.VIEW_SOCIAL)
    agreements = list(
        SharingAgreement.objects.filter(casefile=casefile).select_related("person", "item")
    )
    referrals = list(
        Referral.objects.filter(casefile=casefile)
        .select_related("person", "partner")
        .prefetch_related("items")
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="referral_list",
        office_id=casefile.office_id,
        household_id=casefile.household_id,
        result_count=len(referrals),
    )
    return FileReferrals(
        casefile=casefile,
        agreements=agreements,
        referrals=referrals,
        partners=list(Partner.objects.filter(is_active=True).prefetch_related("receivable_items")),
        members=list(
            HouseholdMember.objects.filter(
                household_id=casefile.household_id, left_on__isnull=True
            ).select_related("person")
        ),
    )
