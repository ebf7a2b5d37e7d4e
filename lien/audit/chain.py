"""The hash chain that makes the audit log tamper-evident.

Each event stores the hash of the event before it (`previous_hash`) and its own hash,
computed over its content and `previous_hash`. Changing an event breaks its own hash;
removing or inserting one breaks the link of the event that follows. Pruning keeps the
rest verifiable through a checkpoint that holds the hash where the kept chain starts.

Appends are serialised so that two transactions never chain onto the same event:
SQLite's IMMEDIATE transactions take the write lock at BEGIN; on PostgreSQL an advisory
transaction lock is taken before the last hash is read.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.db import connection

GENESIS = "0" * 64
# Any number that no other part of Lien uses as an advisory lock key.
_CHAIN_LOCK_KEY = 7_315_027_001


def lock_chain() -> None:
    """Serialises appends to the chain until the end of the current transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def digest(event, previous_hash: str) -> str:
    """The hash of an event: every field that says who did what, when, to what."""
    # Milliseconds: what Django's JSON serialisation keeps, so that a backup restored
    # from JSON still verifies.
    at = event.at.astimezone(UTC).isoformat(timespec="milliseconds")
    payload = [
        1,  # the format of this list, should it ever change
        previous_hash,
        at,
        event.actor_id,
        event.actor_roles,
        event.action,
        event.object_kind,
        event.object_id,
        event.office_id,
        event.household_id,
        event.reason,
        event.result_count,
        event.request_id,
    ]
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def head_hash() -> str:
    """The hash the next event chains onto. Call with the chain locked."""
    from .models import AuditCheckpoint, AuditEvent

    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    if last:
        return last
    checkpoint = AuditCheckpoint.objects.order_by("-id").first()
    return checkpoint.anchor_hash if checkpoint else GENESIS


@dataclass
class Verdict:
    intact: bool
    checked: int
    head: str
    bad_event_id: int | None = None
    problem: str = ""


def verify(batch_size: int = 2000) -> Verdict:
    """Walks the chain from its start (or from the last pruning checkpoint) to its head."""
    from .models import AuditCheckpoint, AuditEvent

    checkpoint = AuditCheckpoint.objects.filter(kind="prune").order_by("-id").first()
    expected_previous = checkpoint.anchor_hash if checkpoint else GENESIS
    floor = checkpoint.last_pruned_id if checkpoint else 0
    stray = AuditEvent.objects.filter(id__lte=floor).order_by("id").first()
    if stray is not None:
        return Verdict(
            False,
            0,
            expected_previous,
            stray.pk,
            "event older than the last pruning checkpoint: inserted after the pruning",
        )
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.previous_hash != expected_previous:
            return Verdict(
                False,
                checked,
                expected_previous,
                event.pk,
                "does not follow the event before it: an event was removed or inserted before it",
            )
        if digest(event, event.previous_hash) != event.hash:
            return Verdict(False, checked, expected_previous, event.pk, "its content was changed")
        expected_previous = event.hash
        checked += 1
    return Verdict(True, checked, expected_previous)
