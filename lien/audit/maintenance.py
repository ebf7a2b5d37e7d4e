"""The only paths by which audit records may be removed or changed.

Both run inside a maintenance window (database_guard.py), which on PostgreSQL only the
owner role can open: run them with the owner's credentials. Both first seal whatever is
waiting and refuse a chain that does not verify, and both leave a checkpoint under the
audit key and an event in the chain saying what they did.

- `prune`: deletes the events past their retention period (6 months by default), oldest
  seals first, and leaves a checkpoint holding the MAC where the kept chain starts;
- `rewrite_events`: the anonymisation of an erased person's events. It changes the
  events and records, for each, a redaction (its digest before and after, under the
  key). The seals are not touched, so the chain's MACs and the anchors taken of them
  stay valid.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from .chain import CONTENT_FIELDS, event_digest, redaction_mac
from .database_guard import EVENT_TABLE, WINDOW_TABLE
from .database_guard import guard_sql as guard_sql
from .database_guard import install_guard as install_guard
from .database_guard import revoke_changes_from as revoke_changes_from
from .keys import current_key_id
from .models import (
    Action,
    AuditCheckpoint,
    AuditEvent,
    AuditRedaction,
    AuditSeal,
    CheckpointKind,
)
from .sealer import EventValues, event_values, seal_waiting

# Edits an event's values in memory (rewrite_events).
EventChange = Callable[[EventValues], None]
# What the events' columns hold, ready for the database.
SqlValue = int | str | datetime | None


class ChainBrokenError(Exception):
    """Refuses to prune or rewrite a chain that no longer verifies: the evidence stays."""


class MaintenanceRefused(Exception):
    """The database role in use cannot open the maintenance window."""


@contextmanager
def maintenance_window(purpose: CheckpointKind) -> Iterator[None]:
    """Opens the database guard for the duration of one transaction, sealing stopped."""
    with transaction.atomic():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {WINDOW_TABLE} (purpose) VALUES (%s)", [purpose])
        except DatabaseError as error:
            raise MaintenanceRefused(
                "this database role cannot open the audit log's maintenance window: run the "
                f"command with the owner role's credentials (docs/admin/database-roles.md). {error}"
            ) from None
        seal_waiting()
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {WINDOW_TABLE}")


def _refuse_broken_chain() -> None:
    from .verification import verify

    verdict = verify(anchors=False)
    if not verdict.intact:
        raise ChainBrokenError(verdict.bad_event_id, verdict.message)


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.LIEN_AUDIT_RETENTION_DAYS)


@dataclass
class PrunePlan:
    cutoff: datetime
    count: int
    last_seq: int | None


def plan_prune(cutoff: datetime) -> PrunePlan:
    """The prefix of the chain (by seal: the chain's order) up to the last event older
    than the cutoff. Events still waiting to be sealed are never pruned."""
    old = AuditEvent.objects.filter(at__lt=cutoff).values("id")
    last_seq = AuditSeal.objects.filter(event_id__in=old).aggregate(last=Max("seq"))["last"]
    count = AuditSeal.objects.filter(seq__lte=last_seq).count() if last_seq else 0
    return PrunePlan(cutoff, count, last_seq)


def prune(*, cutoff: datetime, batch_size: int = 5000) -> AuditCheckpoint | None:
    """Deletes the events before the cutoff and leaves the checkpoint that keeps the rest
    verifiable. Refuses if the chain is already broken: pruning would erase the proof."""
    with maintenance_window(CheckpointKind.PRUNE):
        _refuse_broken_chain()
        plan = plan_prune(cutoff)
        if not plan.last_seq:
            return None
        last = AuditSeal.objects.get(seq=plan.last_seq)
        checkpoint = AuditCheckpoint.objects.create(
            kind=CheckpointKind.PRUNE,
            last_pruned_id=last.event_id,
            last_pruned_seq=last.seq,
            pruned_count=plan.count,
            pruned_before=cutoff,
            anchor_hash=last.mac,
            reason="retention",
        )
        while True:
            seals = AuditSeal.objects.filter(seq__lte=plan.last_seq).order_by("seq")
            chunk = list(seals.values_list("seq", "event_id")[:batch_size])
            if not chunk:
                break
            ids = [event_id for _, event_id in chunk]
            models.QuerySet.delete(AuditRedaction.objects.filter(event_id__in=ids))
            models.QuerySet.delete(AuditEvent.objects.filter(id__in=ids))
            models.QuerySet.delete(AuditSeal.objects.filter(seq__lte=chunk[-1][0]))
        AuditEvent.objects.create(
            action=Action.PRUNED,
            object_kind="auditcheckpoint",
            object_id=str(checkpoint.pk),
            result_count=plan.count,
            reason="retention",
        )
        seal_waiting()
    return checkpoint


def _db_value(attname: str, value: object) -> SqlValue:
    field = next(f for f in AuditEvent._meta.concrete_fields if f.attname == attname)
    prepared: SqlValue = field.get_db_prep_save(value, connection)
    return prepared


def rewrite_events(
    *, event_ids: list[int], change: EventChange, reason: str, chunk_size: int = 5000
) -> AuditCheckpoint:
    """Changes the given events (e.g. blanks the household of an erased person), each
    with a redaction under the key, in one transaction.

    `change` edits an event's values in memory only (an object with the event's fields as
    attributes). Each event is checked against its seal (and earlier redactions) first:
    a tampered event refuses the rewrite, since redacting it would launder the change.
    Events outside `event_ids` are not read; `verify_audit` still finds any tampering
    there."""
    with maintenance_window(CheckpointKind.REWRITE):
        targets = sorted(set(event_ids))
        checkpoint = AuditCheckpoint.objects.create(
            kind=CheckpointKind.REWRITE,
            reason=reason[:200],
            rewritten_from_id=targets[0] if targets else None,
            event_count=len(targets),
        )
        kid = current_key_id()
        changed_count = 0
        for start in range(0, len(targets), chunk_size):
            redactions = _redact_chunk(targets[start : start + chunk_size], change, checkpoint, kid)
            AuditRedaction.objects.bulk_create(redactions)
            changed_count += len(redactions)
        AuditEvent.objects.create(
            action=Action.REWRITTEN,
            object_kind="auditcheckpoint",
            object_id=str(checkpoint.pk),
            result_count=changed_count,
            reason=reason[:200],
        )
        seal_waiting()
    return checkpoint


def _redact_chunk(
    ids: list[int], change: EventChange, checkpoint: AuditCheckpoint, kid: str
) -> list[AuditRedaction]:
    """Checks, changes and writes the events of one chunk; returns their redactions."""
    seals = {s.event_id: s for s in AuditSeal.objects.filter(event_id__in=ids)}
    earlier: dict[int, AuditRedaction] = {}
    for redaction in AuditRedaction.objects.filter(event_id__in=ids).order_by("id"):
        earlier[redaction.event_id] = redaction
    # {the changed columns: one row of parameters (their new values, then the id) per event}
    updates: dict[tuple[str, ...], list[list[SqlValue]]] = defaultdict(list)
    redactions = []
    for row in (
        AuditEvent.objects.filter(id__in=ids).order_by("id").values_list("id", *CONTENT_FIELDS)
    ):
        event = event_values(row)
        seal, last = seals.get(event.id), earlier.get(event.id)
        if seal is None:
            raise ChainBrokenError(event.id, "is in no seal")
        before = event_digest(event, last.key_id if last else seal.key_id)
        if before != (last.digest_after if last else seal.digest):
            raise ChainBrokenError(event.id, "its content was changed")
        content = [getattr(event, name) for name in CONTENT_FIELDS]
        change(event)
        changes = [
            (name, getattr(event, name))
            for name, old in zip(CONTENT_FIELDS, content, strict=True)
            if getattr(event, name) != old
        ]
        if not changes:
            continue
        updates[tuple(name for name, _ in changes)].append(
            [_db_value(name, value) for name, value in changes] + [event.id]
        )
        redaction = AuditRedaction(
            event_id=event.id,
            seal_seq=seal.seq,
            digest_before=before,
            digest_after=event_digest(event, kid),
            checkpoint_id=checkpoint.pk,
            key_id=kid,
        )
        redaction.mac = redaction_mac(redaction)
        redactions.append(redaction)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for names, params in updates.items():
            assignments = ", ".join(f"{quote(name)} = %s" for name in names)
            cursor.executemany(
                f"UPDATE {quote(EVENT_TABLE)} SET {assignments} WHERE id = %s", params
            )
    return redactions
