"""Writes to the offices: how an office keeps its records (in Lien or on paper), by the
administrator, each change in the audit log. The administration site goes through here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from lien.accounts.policy import Can, can
from lien.accounts.types import Actor
from lien.audit.models import Action
from lien.audit.services import record
from lien.offices.models import Office, RecordKeepingChange
from lien.offices.record_keeping import change_faults, describe_change

AUDIT_KIND = "office_record_keeping"


def _require_admin(actor: Actor) -> None:
    # The administrator configures offices; anyone else is answered as for a missing page.
    if not can(actor, Can.MANAGE_ACCOUNTS):
        raise Http404


@transaction.atomic
def record_keeping_change(
    *, actor: Actor, office_id: int, mode: str, since: date | None
) -> RecordKeepingChange:
    """Records that from `since` (None: from the start) the office keeps its records
    this way; raises ValidationError with the reason when it cannot."""
    _require_admin(actor)
    office = Office.objects.select_for_update().filter(pk=office_id).first()
    if office is None:
        raise Http404
    faults = change_faults(office_id=office_id, mode=mode, since=since)
    if faults:
        raise ValidationError(faults)
    change = RecordKeepingChange.objects.create(office=office, mode=mode, since=since)
    record(
        actor=actor,
        action=Action.CREATE,
        object_kind=AUDIT_KIND,
        object_id=office.pk,
        office_id=office.pk,
        reason=_("%(office)s: %(change)s")
        % {"office": office.name, "change": describe_change(mode=mode, since=since)},
    )
    return change


@transaction.atomic
def remove_record_keeping_change(*, actor: Actor, change_id: int) -> None:
    """Removes a change recorded by mistake (a wrong date). The audit log keeps both the
    change and its removal."""
    _require_admin(actor)
    change = (
        RecordKeepingChange.objects.select_for_update()
        .select_related("office")
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        raise Http404
    change.delete()
    record(
        actor=actor,
        action=Action.DELETE,
        object_kind=AUDIT_KIND,
        object_id=change.office_id,
        office_id=change.office_id,
        reason=_("%(office)s: removed “%(change)s”")
        % {
            "office": change.office.name,
            "change": describe_change(mode=change.mode, since=change.since),
        },
    )
