"""The only paths by which audit events may be removed or changed.

The database itself refuses UPDATE and DELETE on the audit table (triggers installed by
migration 0003, plus REVOKE on PostgreSQL when the application has its own role), except
inside a maintenance window: a row in `audit_maintenance_window` that exists only within
the transaction of a maintenance act, never committed. Two acts open it:

- `prune`: deletes the events past their retention period (6 months by default) and
  leaves a checkpoint holding the hash where the kept chain starts;
- `rewrite_events`: the controlled path for the anonymisation of an erased person's
  events (a later issue). It changes the given events, recomputes the chain from the
  first of them to the head, and leaves a checkpoint naming the reason and the heads
  before and after, so that the rewrite is itself on record.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from .chain import digest, head_hash, lock_chain, verify
from .models import Action, AuditCheckpoint, AuditEvent, CheckpointKind

WINDOW_TABLE = "audit_maintenance_window"
EVENT_TABLE = AuditEvent._meta.db_table

_BLOCKED = "audit events are append-only: use lien.audit.maintenance"


class ChainBrokenError(Exception):
    """Refuses to prune or rewrite a chain that no longer verifies: the evidence stays."""


def guard_sql(vendor: str) -> list[str]:
    """The statements that make the database refuse changes to the audit table."""
    # Table names are constants of this module, not input: S608 does not apply.
    if vendor == "postgresql":
        return [
            f"""CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM {WINDOW_TABLE}) THEN
                RAISE EXCEPTION '{_BLOCKED}';
              END IF;
              RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS audit_append_only ON {EVENT_TABLE}",
            f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {EVENT_TABLE}
            FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS audit_no_{op}" for op in ("update", "delete")] + [
            f"""CREATE TRIGGER audit_no_{op} BEFORE {op.upper()} ON {EVENT_TABLE}
            WHEN NOT EXISTS (SELECT 1 FROM {WINDOW_TABLE})
            BEGIN SELECT RAISE(ABORT, '{_BLOCKED}'); END"""
            for op in ("update", "delete")
        ]
    return []


def revoke_changes_from(cursor, role: str) -> None:
    """PostgreSQL: the application's role may read and append to the log, never change
    or empty it (the owner, who runs the migrations, keeps the maintenance path)."""
    quoted = connection.ops.quote_name(role)
    cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {EVENT_TABLE} FROM {quoted}")
    cursor.execute(f"GRANT SELECT, INSERT ON {EVENT_TABLE} TO {quoted}")
    cursor.execute(f"GRANT SELECT, INSERT, DELETE ON {WINDOW_TABLE} TO {quoted}")


def install_guard() -> None:
    with connection.cursor() as cursor:
        for statement in guard_sql(connection.vendor):
            cursor.execute(statement)


@contextmanager
def maintenance_window(purpose: str) -> Iterator[None]:
    """Opens the database guard for the duration of one transaction, chain locked."""
    with transaction.atomic():
        lock_chain()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {WINDOW_TABLE} (purpose) VALUES (%s)", [purpose])
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {WINDOW_TABLE}")


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.LIEN_AUDIT_RETENTION_DAYS)


@dataclass
class PrunePlan:
    cutoff: datetime
    count: int
    last_id: int | None


def plan_prune(cutoff: datetime) -> PrunePlan:
    """The prefix of the chain older than the cutoff (by id: the chain's order)."""
    last_id = (
        AuditEvent.objects.filter(at__lt=cutoff).order_by("-id").values_list("id", flat=True)
    ).first()
    count = AuditEvent.objects.filter(id__lte=last_id).count() if last_id else 0
    return PrunePlan(cutoff, count, last_id)


def prune(*, cutoff: datetime, batch_size: int = 5000) -> AuditCheckpoint | None:
    """Deletes the events before the cutoff and leaves the checkpoint that keeps the rest
    verifiable. Refuses if the chain is already broken: pruning would erase the proof."""
    with maintenance_window("prune"):
        verdict = verify()
        if not verdict.intact:
            raise ChainBrokenError(verdict.bad_event_id, verdict.problem)
        plan = plan_prune(cutoff)
        if not plan.last_id:
            return None
        anchor = AuditEvent.objects.get(pk=plan.last_id).hash
        checkpoint = AuditCheckpoint.objects.create(
            kind=CheckpointKind.PRUNE,
            last_pruned_id=plan.last_id,
            pruned_count=plan.count,
            pruned_before=cutoff,
            anchor_hash=anchor,
            reason="retention",
        )
        while True:
            ids = list(
                AuditEvent.objects.filter(id__lte=plan.last_id)
                .order_by("id")
                .values_list("id", flat=True)[:batch_size]
            )
            if not ids:
                break
            models.QuerySet.delete(AuditEvent.objects.filter(id__in=ids))
        AuditEvent.objects.create(
            action=Action.PRUNED, object_kind="audit", result_count=plan.count, reason="retention"
        )
    return checkpoint


def rewrite_events(
    *, event_ids: list[int], change: Callable[[AuditEvent], None], reason: str
) -> AuditCheckpoint:
    """Changes the given events (e.g. blanks the household of an erased person) and
    re-chains from the first of them. `change` edits the event in memory only."""
    with maintenance_window("rewrite"):
        verdict = verify()
        if not verdict.intact:
            raise ChainBrokenError(verdict.bad_event_id, verdict.problem)
        first = min(event_ids)
        targets = set(event_ids)
        previous_head = head_hash()
        events = AuditEvent.objects.filter(id__gte=first).order_by("id")
        previous = events.first().previous_hash
        for event in events.iterator(chunk_size=2000):
            if event.pk in targets:
                change(event)
            event.previous_hash = previous
            event.hash = digest(event, previous)
            models.QuerySet.update(
                AuditEvent.objects.filter(pk=event.pk),
                **{
                    f.attname: getattr(event, f.attname)
                    for f in AuditEvent._meta.concrete_fields
                    if not f.primary_key
                },
            )
            previous = event.hash
        return AuditCheckpoint.objects.create(
            kind=CheckpointKind.REWRITE,
            reason=reason[:200],
            rewritten_from_id=first,
            anchor_hash=previous_head,
            previous_head=previous_head,
            new_head=previous,
        )
