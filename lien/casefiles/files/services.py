"""Writes to the file itself: its referent, closing, transferring to another office and
reopening it. Each service is keyword-only, atomic, checks the policy through `scope`
(what the actor may not touch answers 404) and writes its audit event in the same
transaction as the change."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.offices.models import Office

from .. import statistics
from ..versioning import bump_version
from .entries import casefile_or_404, require_open
from .models import CaseFile, CloseReason, FileStatus


@transaction.atomic
def assign_referent(
    *, actor: User, casefile_id: int, referent_id: int | None, expected_version: int | None = None
) -> CaseFile:
    casefile = casefile_or_404(actor, casefile_id, Can.ASSIGN_REFERENT)
    if referent_id is not None:
        referent = User.objects.filter(pk=referent_id, is_active=True).first()
        if referent is None or not can(referent, Can.EDIT_SOCIAL, casefile.office_id):
            raise ValidationError(
                _("The referent must be a social worker of the file's office."), code="referent"
            )
    bump_version(casefile, expected_version)
    casefile.referent_id = referent_id
    casefile.save(update_fields=["referent", "version", "updated_at"])
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile)
    return casefile


@transaction.atomic
def close_casefile(
    *,
    actor: User,
    casefile_id: int,
    reason: str,
    closed_on: date | None = None,
    expected_version: int | None = None,
) -> CaseFile:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    if reason not in CloseReason.values:
        raise ValidationError(_("Choose a reason for closing the file."), code="close_reason")
    closed_on = closed_on or timezone.localdate()
    if closed_on < casefile.opened_on:
        raise ValidationError(_("A file cannot be closed before it was opened."), code="closed_on")
    bump_version(casefile, expected_version)
    casefile.status, casefile.closed_on, casefile.close_reason = (
        FileStatus.CLOSED,
        closed_on,
        reason,
    )
    casefile.save()
    statistics.record(casefile, statistics.Kind.FILE_CLOSED, closed_on)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile)
    return casefile


@transaction.atomic
def transfer_casefile(
    *,
    actor: User,
    casefile_id: int,
    office_id: int,
    reason: str,
    expected_version: int | None = None,
) -> CaseFile:
    """Hands a file over to another office (the household moved): an explicit act with a
    reason, audited in both offices. The file leaves the actor's reach and waits for a
    referent in its new office."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the transfer.")}, code="required")
    destination = Office.objects.filter(pk=office_id).exclude(pk=casefile.office_id).first()
    if destination is None:
        raise ValidationError({"office": _("Choose another office.")}, code="office")
    if CaseFile.objects.filter(
        household_id=casefile.household_id, office=destination, status=FileStatus.OPEN
    ).exists():
        raise ValidationError(
            {"office": _("This household already has an open file in that office.")},
            code="already_open",
        )
    bump_version(casefile, expected_version)
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, reason=reason)
    casefile.office, casefile.referent = destination, None
    casefile.save()
    # The same act, seen from the receiving office.
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile, reason=reason)
    return casefile


@transaction.atomic
def reopen_casefile(*, actor: User, casefile_id: int) -> CaseFile:
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    if casefile.status == FileStatus.OPEN:
        return casefile
    if CaseFile.objects.filter(
        household_id=casefile.household_id, office_id=casefile.office_id, status=FileStatus.OPEN
    ).exists():
        raise ValidationError(
            _("This household already has an open file in this office."), code="already_open"
        )
    bump_version(casefile, None)
    casefile.status, casefile.closed_on, casefile.close_reason = FileStatus.OPEN, None, ""
    casefile.save()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=casefile)
    return casefile
