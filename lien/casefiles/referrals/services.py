"""What the person agreed to share, and referrals to partners.

A referral is refused whole, naming each item at fault, when it carries an item the
person did not agree to share (or withdrew), or one the partner may not receive: nothing
is half-saved."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.catalog.models import Item, Status

from ..files.entries import casefile_or_404, current_member, require_open
from ..scope import get_or_404
from ..versioning import bump_version
from .models import Partner, Referral, ReferralAnswer, ReferralReason, SharingAgreement


def _day(value: date | None, field: str) -> date:
    value = value or timezone.localdate()
    if value > timezone.localdate():
        raise ValidationError({field: _("This date cannot be in the future.")})
    return value


@transaction.atomic
def record_agreement(
    *, actor: User, casefile_id: int, person_id: int, item_id: int, agreed_on: date | None = None
) -> SharingAgreement:
    """The person agrees that this one item may be sent to partners."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    person = current_member(casefile, person_id)
    item = Item.objects.filter(pk=item_id, status=Status.ACTIVE).first()
    if item is None:
        raise ValidationError({"item": _("Choose an item of the catalogue.")})
    if SharingAgreement.objects.filter(
        casefile=casefile, person=person, item=item, withdrawn_on__isnull=True
    ).exists():
        raise ValidationError({"item": _("The person already agreed to share this item.")})
    agreement = SharingAgreement.objects.create(
        casefile=casefile,
        person=person,
        item=item,
        agreed_on=_day(agreed_on, "agreed_on"),
        recorded_by=actor,
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=agreement)
    return agreement


@transaction.atomic
def withdraw_agreement(*, actor: User, agreement_id: int) -> SharingAgreement:
    agreement = get_or_404(
        SharingAgreement.objects.select_for_update().select_related("casefile"),
        actor,
        Can.EDIT_SOCIAL,
        agreement_id,
    )
    if agreement.withdrawn_on is not None:
        raise ValidationError(_("This agreement was already withdrawn."))
    agreement.withdrawn_on = timezone.localdate()
    agreement.save()
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=agreement.casefile,
        obj=agreement,
        while_limited=True,
    )
    return agreement


@transaction.atomic
def refer(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    partner_id: int,
    reason: str,
    item_ids: Sequence[int] = (),
    sent_on: date | None = None,
) -> Referral:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    person = current_member(casefile, person_id)
    partner = Partner.objects.filter(pk=partner_id, is_active=True).first()
    if partner is None:
        raise ValidationError({"partner": _("Choose a partner of the directory.")})
    if reason not in ReferralReason.values:
        raise ValidationError({"reason": _("Say why the person is referred.")})
    items = list(Item.objects.filter(pk__in=set(item_ids)))
    if len(items) != len(set(item_ids)):
        raise ValidationError({"items": _("Choose items of the catalogue.")})
    agreed = set(
        SharingAgreement.objects.filter(
            casefile=casefile, person=person, withdrawn_on__isnull=True
        ).values_list("item_id", flat=True)
    )
    receivable = set(partner.receivable_items.values_list("pk", flat=True))
    faults = []
    for item in items:
        if item.pk not in agreed:
            faults.append(_("The person did not agree to share “%(item)s”.") % {"item": item.label})
        elif item.pk not in receivable:
            faults.append(
                _("%(partner)s may not receive “%(item)s”.")
                % {"partner": partner.name, "item": item.label}
            )
    if faults:
        raise ValidationError({"items": faults})
    referral = Referral.objects.create(
        casefile=casefile,
        person=person,
        partner=partner,
        reason=reason,
        sent_on=_day(sent_on, "sent_on"),
        sent_by=actor,
    )
    referral.items.set(items)
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=referral)
    return referral


@transaction.atomic
def record_referral_answer(
    *,
    actor: User,
    referral_id: int,
    answer: str,
    answered_on: date | None = None,
    expected_version: int | None = None,
) -> Referral:
    referral = get_or_404(
        Referral.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, referral_id
    )
    if answer not in ReferralAnswer.values or answer == ReferralAnswer.WAITING:
        raise ValidationError({"answer": _("Choose the partner's answer.")})
    answered_on = _day(answered_on, "answered_on")
    if answered_on < referral.sent_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the referral.")})
    bump_version(referral, expected_version)
    referral.answer, referral.answered_on = answer, answered_on
    referral.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=referral.casefile, obj=referral)
    return referral
