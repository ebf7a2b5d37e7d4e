"""Writing a child-protection concern, its proof of transmission and its follow-up."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.base.lookups import object_or_404

from .. import statistics
from ..files.entries import casefile_or_404, require_open
from ..households.models import HouseholdMember
from ..referrals.models import Partner, PartnerKind
from ..versioning import bump_version
from .models import ChildProtectionConcern, ConcernFollowUp
from .selectors import concerns_visible_to

# A limitation of processing (GDPR art. 18) does not stop a concern about a child: art.
# 18(2) lets processing go on for the protection of another person's rights and for an
# important public interest. So these services write on a frozen file (`while_limited`).

# The catalogue's intervention the concern is counted as: statistics learn that one was
# sent, in which office and month, nothing more.
STATISTICAL_CODE = "int-child-protection-alert"


def _not_future(day: date | None, field: str) -> date:
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({field: _("This date cannot be in the future.")})
    return day


@transaction.atomic
def write_concern(
    *,
    actor: User,
    casefile_id: int,
    child_ids: Sequence[int],
    account: str,
    crip_id: int,
    sent_on: date | None = None,
) -> ChildProtectionConcern:
    casefile = casefile_or_404(actor, casefile_id, Can.WRITE_CHILD_PROTECTION)
    require_open(casefile)
    errors: dict[str, str] = {}
    children = [
        member.person
        for member in HouseholdMember.objects.filter(
            household_id=casefile.household_id, left_on__isnull=True, person_id__in=set(child_ids)
        ).select_related("person")
    ]
    if not children or len(children) != len(set(child_ids)):
        errors["children"] = _("Choose the children concerned among the household's members.")
    if not (account or "").strip():
        errors["account"] = _("Write the facts that cause concern.")
    crip = Partner.objects.filter(pk=crip_id, kind=PartnerKind.CRIP, is_active=True).first()
    if crip is None:
        errors["crip"] = _("Choose the département's CRIP.")
    if errors or crip is None:
        raise ValidationError(errors)
    sent_on = _not_future(sent_on, "sent_on")
    concern = ChildProtectionConcern.objects.create(
        casefile=casefile, account=account.strip(), crip=crip, sent_on=sent_on, author=actor
    )
    concern.children.set(children)
    statistics.record(
        casefile, statistics.Kind.INTERVENTION, sent_on, intervention_type=STATISTICAL_CODE
    )
    record_for_file(
        actor=actor, action=Action.CREATE, casefile=casefile, obj=concern, while_limited=True
    )
    return concern


def _concern(actor: User, concern_id: int) -> ChildProtectionConcern:
    return object_or_404(
        concerns_visible_to(actor).select_related("casefile").select_for_update(of=("self",)),
        concern_id,
    )


@transaction.atomic
def record_transmission_proof(
    *, actor: User, concern_id: int, reference: str, received_on: date | None = None
) -> ChildProtectionConcern:
    """The CRIP's acknowledgement: recorded by the CRIP or by the concern's author."""
    concern = _concern(actor, concern_id)
    if concern.author_id != actor.pk and not can(actor, Can.RECEIVE_CHILD_PROTECTION):
        raise Http404
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Give the acknowledgement's reference.")})
    received_on = _not_future(received_on, "received_on")
    if received_on < concern.sent_on:
        raise ValidationError(
            {"received_on": _("The acknowledgement cannot come before the concern was sent.")}
        )
    bump_version(concern, None)
    concern.proof_reference, concern.proof_received_on = reference[:80], received_on
    if concern.follow_up == ConcernFollowUp.SENT:
        concern.follow_up, concern.follow_up_on = ConcernFollowUp.ACKNOWLEDGED, received_on
    concern.save()
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=concern.casefile,
        obj=concern,
        while_limited=True,
    )
    return concern


@transaction.atomic
def record_concern_follow_up(
    *, actor: User, concern_id: int, follow_up: str, known_on: date | None = None
) -> ChildProtectionConcern:
    """What became of the concern, as the CRIP tells it: by the author, the manager or the
    CRIP."""
    concern = _concern(actor, concern_id)
    if follow_up not in ConcernFollowUp.values or follow_up == ConcernFollowUp.SENT:
        raise ValidationError({"follow_up": _("Choose what became of the concern.")})
    known_on = _not_future(known_on, "known_on")
    if known_on < concern.sent_on:
        raise ValidationError(
            {"known_on": _("The follow-up cannot come before the concern was sent.")}
        )
    bump_version(concern, None)
    concern.follow_up, concern.follow_up_on = follow_up, known_on
    concern.save()
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=concern.casefile,
        obj=concern,
        while_limited=True,
    )
    return concern
