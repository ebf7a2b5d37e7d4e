"""A file's consents to reminders and the reminders sent or tried: for reception and the
social workers, who see which failed (and call the person instead)."""

from dataclasses import dataclass

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record

from ..files.entries import casefile_or_404
from ..files.models import CaseFile
from ..households.models import HouseholdMember
from .models import ReminderConsent, ReminderMessage


@dataclass
class FileReminders:
    casefile: CaseFile
    consents: list[ReminderConsent]
    messages: list[ReminderMessage]
    members: list[HouseholdMember]


def reminders_of_file_for(*, actor, casefile_id: int) -> FileReminders:
    casefile = casefile_or_404(actor, casefile_id, Can.VIEW_RECEPTION)
    consents = list(ReminderConsent.objects.filter(casefile=casefile).select_related("person"))
    messages = list(
        ReminderMessage.objects.filter(appointment__casefile=casefile)
        .select_related("consent__person", "appointment")
        .order_by("-appointment__starts_at", "-pk")[:50]
    )
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="reminder_messages",
        office_id=casefile.office_id,
        household_id=casefile.household_id,
        result_count=len(consents) + len(messages),
    )
    members = list(
        HouseholdMember.objects.filter(household_id=casefile.household_id, left_on__isnull=True)
        .select_related("person")
        .order_by("pk")
    )
    return FileReminders(casefile=casefile, consents=consents, messages=messages, members=members)
