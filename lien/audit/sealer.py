"""The sealer: gives committed events their place in the keyed chain (chain.py).

Writers never wait for it. A writer's transaction, once committed, wakes it
(`transaction.on_commit`); `LIEN_AUDIT_SEALER` says where it runs:

- `background` (production's default): a thread of each process, so that the request
  does not wait for the sealing, and events committed meanwhile are sealed together;
- `after-commit`: in the writer's own thread, right after its commit (the tests: the
  sealing is done when the act returns);
- `worker`: in the task worker (`manage.py db_worker`), every LIEN_AUDIT_SEAL_EVERY
  seconds (`seal_every`): the requests' processes do no sealing at all, and one round
  seals the events of every process together;
- `periodic`: only from `manage.py seal_audit` (also run every minute in production, to
  catch up with events left by a process that stopped between commit and sealing).

Only
one sealer works at a time: on PostgreSQL it takes a transaction-scoped advisory lock
without waiting (another sealer at work will look again once it has finished); on SQLite
its transaction holds the database's only write lock, as every write there does. The
events are sealed in the order the sealer finds them committed, which is the chain's
order (`seq`), not the order of their ids.
"""

import atexit
import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from lien import bulk

from .chain import (
    CONTENT_FIELDS,
    GENESIS,
    checkpoint_mac,
    event_digest,
    legacy_digest,
    seal_mac,
    to_millisecond,
)
from .keys import current_key_id
from .models import AuditCheckpoint, AuditEvent, AuditSeal, CheckpointKind, PendingSeal

log = logging.getLogger(__name__)

# Any number that no other part of Lien uses as an advisory lock key.
_SEALER_LOCK_KEY = 7_315_027_002
BATCH_SIZE = 5000
_SEAL_COLUMNS = ["seq", "event_id", "previous", "digest", "key_id", "sealed_at", "mac"]
# How long the background sealer lets commits gather before a round, and how long it
# waits for one before closing its connection.
_BATCH_WINDOW_SECONDS = 0.05
_IDLE_SECONDS = 30
# Threads of one process: the second one leaves the work to the first.
_in_process = threading.Lock()


def chain_start(checkpoints: type[AuditCheckpoint] = AuditCheckpoint) -> tuple[int, str]:
    """(seq, MAC) that the first kept seal follows: the last pruning's, or the genesis."""
    last = (
        checkpoints.objects.filter(kind=CheckpointKind.PRUNE, last_pruned_seq__isnull=False)
        .order_by("-last_pruned_seq")
        .first()
    )
    # (The filter leaves no checkpoint without a seq; the test says so to the type checker.)
    if last is None or last.last_pruned_seq is None:
        return (0, GENESIS)
    return (last.last_pruned_seq, last.anchor_hash)


def head() -> tuple[int, str]:
    """(seq, MAC) of the last seal: what the next one follows."""
    return AuditSeal.objects.order_by("-seq").values_list("seq", "mac").first() or chain_start()


def lock_sealing(*, wait: bool) -> bool:
    """Takes the sealer's lock until the end of the current transaction (PostgreSQL).
    Maintenance waits for it; the sealer does not."""
    if connection.vendor != "postgresql":
        return True
    function = "pg_advisory_xact_lock" if wait else "pg_try_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [_SEALER_LOCK_KEY])
        return wait or cursor.fetchone()[0]


@dataclass(slots=True)
class EventValues:
    """An event read as plain values: its id and CONTENT_FIELDS."""

    id: int
    at: datetime
    actor_id: int | None
    actor_roles: str
    action: str
    object_kind: str
    object_id: str
    office_id: int | None
    household_id: int | None
    reason: str
    result_count: int | None
    request_id: str


def event_values(row: Sequence[Any]) -> EventValues:
    """An event read as plain values (`values_list("id", *CONTENT_FIELDS)`): what the
    digest needs, without building model instances."""
    return EventValues(id=row[0], **dict(zip(CONTENT_FIELDS, row[1:], strict=True)))


def _seal_batch(batch_size: int) -> int:
    """Seals up to `batch_size` waiting events, in the current transaction (locked)."""
    ids = list(
        PendingSeal.objects.order_by("event_id").values_list("event_id", flat=True)[:batch_size]
    )
    if not ids:
        return 0
    rows = AuditEvent.objects.filter(id__in=ids).order_by("id").values_list("id", *CONTENT_FIELDS)
    seq, previous = head()
    kid = current_key_id()
    sealed_at = to_millisecond(timezone.now())
    seals = []
    for row in rows:
        event = event_values(row)
        seq += 1
        digest = event_digest(event, kid)
        mac = seal_mac(seq, event.id, previous, kid, sealed_at, digest)
        seals.append((seq, event.id, previous, digest, kid, sealed_at, mac))
        previous = mac
    bulk.insert_rows(AuditSeal, _SEAL_COLUMNS, seals, batch_size=batch_size)
    # A queued id without its event cannot happen through Lien (both are written in one
    # transaction); verify_audit names any event that is in no seal.
    models.QuerySet.delete(PendingSeal.objects.filter(event_id__in=ids))
    return len(ids)


def seal_waiting(*, batch_size: int = BATCH_SIZE) -> int:
    """Seals every waiting event inside the current transaction, waiting for the lock:
    for maintenance acts, which must start from a fully sealed chain."""
    lock_sealing(wait=True)
    total = 0
    while sealed := _seal_batch(batch_size):
        total += sealed
    return total


def seal_pending(*, batch_size: int = BATCH_SIZE) -> int | None:
    """Seals every waiting event, one transaction per batch. None when another sealer
    holds the lock (it will seal what is waiting)."""
    total = 0
    while True:
        with transaction.atomic():
            if not lock_sealing(wait=False):
                return None if total == 0 else total
            sealed = _seal_batch(batch_size)
        total += sealed
        if sealed < batch_size:
            return total


def seal_after_commit() -> None:
    """Run once a writer's transaction has committed. A failure here never fails the
    writer's request: the events stay queued for the next run or `seal_audit`."""
    try:
        # Look again after each run: an event committed while this process held the
        # lock, whose own sealer found it taken, is sealed here.
        while PendingSeal.objects.exists():
            if not _in_process.acquire(blocking=False):
                return
            try:
                sealed = seal_pending()
            finally:
                _in_process.release()
            if not sealed:
                return
    except DatabaseError:
        log.warning(
            "Audit sealing deferred: seal_audit will seal the waiting events.", exc_info=True
        )


class _BackgroundSealer:
    """One daemon thread per process (started again in a forked worker), woken after each
    commit, sealing whatever waits each time it wakes."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._stopping = False

    def wake(self) -> None:
        with self._guard:
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._wake = threading.Event()
                self._thread = threading.Thread(
                    target=self._run, name="lien-audit-sealer", daemon=True
                )
                self._pid = os.getpid()
                self._thread.start()
                atexit.register(self._drain)
        self._wake.set()

    def _drain(self) -> None:
        """At the process's exit (a command that wrote events, a worker restarted): what
        waits is sealed before the daemon thread dies with the process."""
        if _in_process.acquire(timeout=10):
            try:
                seal_pending()
            except DatabaseError:
                log.warning("Audit sealing at exit deferred to seal_audit.", exc_info=True)
            finally:
                _in_process.release()

    def _run(self) -> None:
        while not self._stopping:
            if not self._wake.wait(timeout=_IDLE_SECONDS):
                connection.close()  # idle: hold no connection
                continue
            # A short window in which the commits that follow join this round: one seal
            # transaction for many events rather than one (and its fsync) for each.
            time.sleep(_BATCH_WINDOW_SECONDS)
            self._wake.clear()
            seal_after_commit()
            # Its own connection stays open between rounds (opening one costs PostgreSQL a
            # process), unless it broke.
            connection.close_if_unusable_or_obsolete()
        connection.close()

    def stop(self) -> None:
        """Ends the thread after its round (the tests, before dropping their database)."""
        with self._guard:
            thread, self._stopping = self._thread, True
            self._wake.set()
        if thread is not None and thread.is_alive():
            thread.join()
        with self._guard:
            self._thread, self._stopping = None, False
        atexit.unregister(self._drain)


_background = _BackgroundSealer()


def wake_background_sealer() -> None:
    _background.wake()


def stop_background_sealer() -> None:
    _background.stop()


def seal_every(seconds: float, stop: threading.Event) -> None:
    """The task worker's sealing (`worker`): what waits, every `seconds`, until `stop`."""
    while not stop.wait(seconds):
        seal_after_commit()
        # Its connection stays open between rounds, unless it broke. A connection with a
        # transaction open is its caller's (a test), never closed here.
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
    if not connection.in_atomic_block:
        connection.close()


def schedule_after_commit() -> None:
    """Registers the sealing once per transaction, as LIEN_AUDIT_SEALER says."""
    mode = settings.LIEN_AUDIT_SEALER
    if mode in ("periodic", "worker"):
        return
    callback = wake_background_sealer if mode == "background" else seal_after_commit
    # Django keeps (savepoints, callback, robust); django-stubs still declares pairs.
    pending = cast(list[tuple[object, object, bool]], connection.run_on_commit)
    if connection.in_atomic_block and any(func is callback for _, func, _ in pending):
        return
    transaction.on_commit(callback)


class AdoptionRefused(Exception):
    pass


def _former_chain_verdict(events: type[AuditEvent], checkpoints: type[AuditCheckpoint]) -> str:
    """What the unkeyed chain (before the key) showed, walking it as it was verified."""
    last_prune = checkpoints.objects.filter(kind=CheckpointKind.PRUNE).order_by("-id").first()
    expected = last_prune.anchor_hash if last_prune else GENESIS
    checked = 0
    for event in events.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != expected:
            return f"former chain broken at event {event.pk}: does not follow the one before it"
        if legacy_digest(event, event.previous_hash) != event.hash:
            return f"former chain broken at event {event.pk}: its content was changed"
        expected = event.hash
        checked += 1
    return f"former chain intact: {checked} events, head {expected}"


def adopt_former_events(
    events: type[AuditEvent] = AuditEvent,
    seals: type[AuditSeal] = AuditSeal,
    pending: type[PendingSeal] = PendingSeal,
    checkpoints: type[AuditCheckpoint] = AuditCheckpoint,
) -> AuditCheckpoint | None:
    """Seals the events written before the audit key, and the checkpoints of that time,
    into the keyed chain, after walking their unkeyed chain once: its verdict is kept in
    an ADOPT checkpoint under the key (verify_audit prints it). Only while the keyed chain
    is empty: the migration that introduced the key, or the restore of an archive made
    before it. Takes the models to use (a migration passes its historical ones)."""
    if seals.objects.exists() or pending.objects.exists():
        raise AdoptionRefused(
            "the keyed chain has begun: an event outside it was not written by Lien"
        )
    if not events.objects.exists():
        return None
    verdict = _former_chain_verdict(events, checkpoints)
    kid = current_key_id()
    for checkpoint in checkpoints.objects.filter(mac="").order_by("id"):
        checkpoint.key_id = kid
        checkpoint.created_at = to_millisecond(checkpoint.created_at)
        checkpoint.mac = checkpoint_mac(checkpoint)
        # The one update of a checkpoint: sealing, as found, one written before the key.
        models.QuerySet.update(
            checkpoints.objects.filter(pk=checkpoint.pk),
            key_id=kid,
            created_at=checkpoint.created_at,
            mac=checkpoint.mac,
        )
    sealed_at = to_millisecond(timezone.now())
    seq, previous = 0, GENESIS
    batch: list[AuditSeal] = []
    rows = events.objects.order_by("id").values_list("id", *CONTENT_FIELDS)
    for row in rows.iterator(chunk_size=BATCH_SIZE):
        event = event_values(row)
        seq += 1
        digest = event_digest(event, kid)
        mac = seal_mac(seq, event.id, previous, kid, sealed_at, digest)
        batch.append(
            seals(
                **dict(
                    zip(
                        _SEAL_COLUMNS,
                        (seq, event.id, previous, digest, kid, sealed_at, mac),
                        strict=True,
                    )
                )
            )
        )
        previous = mac
        if len(batch) == BATCH_SIZE:
            seals.objects.bulk_create(batch)
            batch = []
    seals.objects.bulk_create(batch)
    adopted = checkpoints(
        kind=CheckpointKind.ADOPT,
        created_at=sealed_at,
        reason=verdict[:200],
        anchor_hash=previous,
        event_count=seq,
        key_id=kid,
    )
    adopted.mac = checkpoint_mac(adopted)
    adopted.save()
    return adopted
