"""Recording a person's consent to appointment reminders, and its withdrawal. Reception
records them (they keep the appointments); the dates are the proof of what was allowed."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..files.entries import casefile_or_404, current_member, require_open
from ..scope import get_or_404
from .models import MessageStatus, ReminderChannel, ReminderConsent
from .phone import normalise_mobile


def _address(channel: str, address: str) -> str:
    address = (address or "").strip()
    if channel == ReminderChannel.SMS:
        try:
            return normalise_mobile(address)
        except ValidationError as error:
            raise ValidationError({"address": error.messages}) from None
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"address": _("Enter a valid e-mail address.")}) from None
    return address


@transaction.atomic
def record_consent(
    *,
    actor: User,
    casefile_id: int,
    person_id: int,
    channel: str,
    address: str,
    given_on: date | None = None,
) -> ReminderConsent:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_RECEPTION)
    require_open(casefile)
    if channel not in ReminderChannel.values:
        raise ValidationError({"channel": _("Choose e-mail or text message.")})
    person = current_member(casefile, person_id)
    address = _address(channel, address)
    given_on = given_on or timezone.localdate()
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("A consent cannot be dated in the future.")})
    if ReminderConsent.objects.filter(
        person=person, channel=channel, withdrawn_on__isnull=True
    ).exists():
        raise ValidationError(
            _(
                "This person already agreed to reminders on this channel: withdraw that consent first."
            ),
            code="already",
        )
    consent = ReminderConsent.objects.create(
        casefile=casefile,
        person=person,
        channel=channel,
        address=address,
        given_on=given_on,
        recorded_by=actor,
    )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=consent)
    return consent


@transaction.atomic
def withdraw_consent(
    *, actor: User, consent_id: int, withdrawn_on: date | None = None
) -> ReminderConsent:
    """The person no longer wants reminders on this channel: none is sent from now on,
    those waiting are cancelled."""
    consent = get_or_404(
        ReminderConsent.objects.select_for_update().select_related("casefile"),
        actor,
        Can.EDIT_RECEPTION,
        consent_id,
    )
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."), code="withdrawn")
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on < consent.given_on or withdrawn_on > timezone.localdate():
        raise ValidationError(
            _("The withdrawal is dated between the consent and today."), code="date"
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_recorded_by = actor
    consent.save()
    consent.messages.filter(status__in=(MessageStatus.PENDING, MessageStatus.RETRYING)).update(
        status=MessageStatus.CANCELLED
    )
    record_for_file(
        actor=actor,
        action=Action.UPDATE,
        casefile=consent.casefile,
        obj=consent,
        while_limited=True,
    )
    return consent
