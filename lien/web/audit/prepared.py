"""The audit extract for a complaint, written by the task worker as a prepared file
(lien/storage/prepared.py): a long period of a busy agent is many thousand events. The
extract page asks for it and sends the DPO to the file's page, which shows the progress
and offers the CSV to the DPO who asked, and to no one else. The worker reads the events
through the same selector as before, with the DPO's rights as they are then; that read
records the extract with its reason (and shows in the person's own access export)."""

import csv
import io
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.roles import roles_in_words
from lien.spreadsheet_safety import neutralise
from lien.storage import prepared
from lien.storage.models import PreparedFile

from . import selectors
from .objects import event_object

AUDIT_EXTRACT = "audit_extract"


def ask_extract(*, user: User, data: dict[str, Any]) -> PreparedFile:
    """`data`: the extract form's cleaned data."""
    by_agent = data["subject"] == "agent"
    subject = f"agent-{data['username']}" if by_agent else f"household-{data['household_id']}"
    name = f"audit-extract-{subject}-{data['since']:%Y%m%d}-{data['until']:%Y%m%d}.csv"
    return prepared.ask(
        kind=AUDIT_EXTRACT,
        requested_by_id=user.pk,
        parameters={
            "reason": data["reason"],
            "since": data["since"].isoformat(),
            "until": data["until"].isoformat(),
            "username": data["username"] if by_agent else "",
            "household_id": None if by_agent else data["household_id"],
        },
        file_name=name,
        content_type="text/csv; charset=utf-8",
    )


def build_extract(file: PreparedFile) -> bytes:
    user = User.objects.filter(pk=file.requested_by_id, is_active=True).first()
    if user is None:
        raise PermissionDenied
    given = file.parameters
    events = selectors.extract_for(
        actor=user,
        reason=given["reason"],
        since=date.fromisoformat(given["since"]),
        until=date.fromisoformat(given["until"]),
        username=given["username"],
        household_id=given["household_id"],
    )
    return extract_csv(events).encode("utf-8")


def extract_csv(events) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            _("Date and time"),
            _("Agent"),
            _("Roles"),
            _("Action"),
            _("Object"),
            _("Office"),
            _("Household"),
            _("Results"),
            _("Reason"),
            _("Request"),
        ]
    )
    for event in events:
        writer.writerow(
            neutralise(v)
            for v in (
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                event.actor.username if event.actor else "",
                roles_in_words(event.actor_roles),
                event.get_action_display(),
                event_object(event.object_kind, event.object_id),
                event.office_id,
                event.household_id,
                event.result_count,
                event.reason,
                event.request_id,
            )
        )
    return out.getvalue()
