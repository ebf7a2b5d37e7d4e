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

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from .chain import GENESIS, digest, head_hash, lock_chain, verify
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


# The fields an event's hash covers (chain.digest), as stored.
_HASHED = (
    "at",
    "actor_id",
    "actor_roles",
    "action",
    "object_kind",
    "object_id",
    "office_id",
    "household_id",
    "reason",
    "result_count",
    "request_id",
)


class _Event:
    """An event read as plain values: what `digest` and `change` need, without building
    model instances (a rewrite may walk hundreds of thousands of them)."""

    __slots__ = ("hash", "id", "previous_hash", *_HASHED)

    def __init__(self, row):
        self.id, *content, self.previous_hash, self.hash = row
        for name, value in zip(_HASHED, content, strict=True):
            setattr(self, name, value)

    @property
    def pk(self):
        return self.id

    def content(self) -> list:
        return [getattr(self, name) for name in _HASHED]


_VALUES_ROWS = 1000  # rows per UPDATE … FROM (VALUES …) on PostgreSQL


def _relink(cursor, sql: str, rows: list[list]) -> None:
    """Writes new links (previous_hash, hash, id). PostgreSQL gets them as one statement
    joined to a VALUES list: parsing and planning an UPDATE per row cost it more than the
    update itself. SQLite, in process, runs the prepared statement once per row."""
    if connection.vendor != "postgresql":
        cursor.executemany(sql, rows)
        return
    for start in range(0, len(rows), _VALUES_ROWS):
        part = rows[start : start + _VALUES_ROWS]
        values = ", ".join(["(%s, %s, %s)"] * len(part))
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(EVENT_TABLE)} AS e "
            f"SET previous_hash = v.previous_hash, hash = v.hash "
            f"FROM (VALUES {values}) AS v(previous_hash, hash, id) WHERE e.id = v.id",
            [value for row in part for value in row],
        )


def _db_value(attname: str, value):
    field = next(f for f in AuditEvent._meta.concrete_fields if f.attname == attname)
    return field.get_db_prep_save(value, connection)


def _stored_hash_before(event_id: int) -> str:
    """The hash the event `event_id` must carry as previous_hash in an intact chain."""
    before = (
        AuditEvent.objects.filter(id__lt=event_id).order_by("-id").values_list("hash", flat=True)
    ).first()
    if before is not None:
        return before
    checkpoint = AuditCheckpoint.objects.filter(kind=CheckpointKind.PRUNE).order_by("-id").first()
    return checkpoint.anchor_hash if checkpoint else GENESIS


def rewrite_events(
    *, event_ids: list[int], change: Callable[[_Event], None], reason: str, chunk_size: int = 5000
) -> AuditCheckpoint:
    """Changes the given events (e.g. blanks the household of an erased person) and
    re-chains from the first of them, in one pass and one transaction.

    `change` edits an event's values in memory only. The events from the first changed one
    to the head are read in chunks of plain values, each checked against its stored hash
    and link before it is re-hashed: a tampered event in that stretch refuses the rewrite
    (re-hashing it would launder it). Events before the stretch are not touched, so any
    tampering there stays visible to `verify_audit`; the whole chain is not walked again
    for each rewrite. The new hashes are written in batches of statements (executemany),
    hashes only, except for the changed events, whose content is written too."""
    with maintenance_window("rewrite"):
        first = min(event_ids)
        targets = set(event_ids)
        previous_head = head_hash()
        stored_previous = new_previous = _stored_hash_before(first)
        quote = connection.ops.quote_name
        relink_sql = f"UPDATE {quote(EVENT_TABLE)} SET previous_hash = %s, hash = %s WHERE id = %s"
        last_id = first - 1
        while True:
            rows = list(
                AuditEvent.objects.filter(id__gt=last_id)
                .order_by("id")
                .values_list("id", *_HASHED, "previous_hash", "hash")[:chunk_size]
            )
            if not rows:
                break
            relinked, rewritten = [], defaultdict(list)
            for row in rows:
                event = _Event(row)
                if event.previous_hash != stored_previous:
                    raise ChainBrokenError(event.id, "does not follow the event before it")
                if digest(event, event.previous_hash) != event.hash:
                    raise ChainBrokenError(event.id, "its content was changed")
                stored_previous = event.hash
                if event.id in targets:
                    before = event.content()
                    change(event)
                    event.hash = digest(event, new_previous)
                    changed = tuple(
                        (name, value)
                        for name, old, value in zip(_HASHED, before, event.content(), strict=True)
                        if value != old
                    )
                    rewritten[tuple(name for name, _ in changed)].append(
                        [_db_value(n, v) for n, v in changed] + [new_previous, event.hash, event.id]
                    )
                else:
                    event.hash = digest(event, new_previous)
                    relinked.append([new_previous, event.hash, event.id])
                new_previous = event.hash
            with connection.cursor() as cursor:
                if relinked:
                    _relink(cursor, relink_sql, relinked)
                for names, params in rewritten.items():
                    assignments = "".join(f"{quote(name)} = %s, " for name in names)
                    cursor.executemany(
                        f"UPDATE {quote(EVENT_TABLE)} SET {assignments}previous_hash = %s, "
                        "hash = %s WHERE id = %s",
                        params,
                    )
            last_id = rows[-1][0]
        return AuditCheckpoint.objects.create(
            kind=CheckpointKind.REWRITE,
            reason=reason[:200],
            rewritten_from_id=first,
            anchor_hash=previous_head,
            previous_head=previous_head,
            new_head=new_previous,
        )
