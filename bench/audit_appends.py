"""Audit appends per second: one writer and several at once, each event in a transaction
of its own (as an audited read is), on SQLite or PostgreSQL (DATABASE_URL).

    .venv/bin/python bench/audit_appends.py --events 2000 --writers 1 4 8

For each number of writers (separate processes, as gunicorn's workers are) and each
LIEN_AUDIT_SEALER mode, on the same database:

- `worker`: production's default, the task worker seals every second (a process plays it,
  `common.task_worker_sealing`), the writers do nothing after their commit;
- `background`: a sealer thread in each process woken by commits;
- `after-commit`: each writer seals in its own thread after its commit;
- `periodic`: events only queued, then `seal_audit` seals them (its rate printed apart);
- baseline: the same number of one-row INSERT transactions into a bare table.

With `--batch N`, the same writers also append N events per transaction, as an import,
an export or a list of files does (`AuditEvent.append_many`, the task worker sealing),
against bare N-row INSERT transactions.

A writer's rate counts until its last event is sealed (worker and background: until the
queue is empty). The run ends with verify_audit's check: the figures are of a chain that verifies.
"""

import argparse
import multiprocessing
import os
import time
from contextlib import nullcontext

# The bench settings, as the other benches': one audit key for a database they share
# (the development settings' key would find the bench's chain broken).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from common import machine, setup_django, task_worker_sealing


def _append(events: int, sealer: str) -> float:
    """One writer: `events` transactions, each writing one event. Returns seconds."""
    from django.conf import settings
    from django.db import connection, transaction

    from lien.audit.models import Action, PendingSeal
    from lien.audit.services import record

    settings.LIEN_AUDIT_SEALER = sealer
    connection.close()
    started = time.perf_counter()
    for _ in range(events):
        with transaction.atomic():
            record(actor=None, action=Action.LOGIN_FAILED, reason="bench")
    if sealer in ("worker", "background"):
        while PendingSeal.objects.exists():
            time.sleep(0.05)  # a poll, not a busy loop stealing the writers' CPU
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _append_batches(events: int, batch: int) -> float:
    """One writer: `events` events, `batch` to a transaction. Returns seconds."""
    from types import SimpleNamespace

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from lien.audit.models import Action, AuditEvent, PendingSeal

    settings.LIEN_AUDIT_SEALER = "worker"
    connection.close()
    started = time.perf_counter()
    for _ in range(events // batch):
        now = timezone.now()
        AuditEvent.append_many(
            [
                SimpleNamespace(
                    at=now,
                    actor_id=None,
                    actor_roles="",
                    action=Action.LOGIN_FAILED,
                    object_kind="",
                    object_id="",
                    office_id=None,
                    household_id=None,
                    reason="bench",
                    result_count=None,
                    request_id="",
                )
                for _ in range(batch)
            ]
        )
    while PendingSeal.objects.exists():
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _baseline_batches(events: int, batch: int) -> float:
    from django.db import connection, transaction

    connection.close()
    started = time.perf_counter()
    rows = ", ".join(["(CURRENT_TIMESTAMP, 'b')"] * batch)
    with connection.cursor() as cursor:
        for _ in range(events // batch):
            with transaction.atomic():
                cursor.execute(f"INSERT INTO bench_plain_insert (at, reason) VALUES {rows}")  # noqa: S608
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _baseline(events: int) -> float:
    from django.db import connection, transaction

    connection.close()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for _ in range(events):
            with transaction.atomic():
                cursor.execute(
                    "INSERT INTO bench_plain_insert (at, reason) VALUES (CURRENT_TIMESTAMP, 'b')"
                )
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def _run(pool_size: int, target, *args) -> float:
    """Events per second over `pool_size` processes started together."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(pool_size) as pool:
        started = time.perf_counter()
        pool.starmap(target, [args] * pool_size)
        wall = time.perf_counter() - started
    return pool_size * args[0] / wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=3000, help="events per writer")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--batch", type=int, default=0, help="also N events a transaction")
    parser.add_argument(
        "--only-batches", action="store_true", help="skip the one-event transactions"
    )
    args = parser.parse_args()
    setup_django("audit_appends")

    from django.db import connection

    from lien.audit.sealer import seal_pending
    from lien.audit.verification import verify

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_insert")
        serial = "bigserial" if connection.vendor == "postgresql" else "integer"
        cursor.execute(
            f"CREATE TABLE bench_plain_insert (id {serial} PRIMARY KEY, at timestamp, reason text)"
        )
    seal_pending()
    load = os.getloadavg()
    print(f"Audit appends — {machine()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    each = [] if args.only_batches else ["each in a transaction of its own"]
    each += [f"{args.batch} to a transaction"] if args.batch else []
    print(f"{args.events} events per writer, " + "; then ".join(each))
    for writers in args.writers:
        rates = {}
        if not args.only_batches:
            rates["plain insert"] = _run(writers, _baseline, args.events)
            for sealer in ("worker", "background", "after-commit", "periodic"):
                with task_worker_sealing() if sealer == "worker" else nullcontext():
                    rates[sealer] = _run(writers, _append, args.events, sealer)
            started = time.perf_counter()
            count = seal_pending() or 0
            rates["seal_audit alone"] = count / (time.perf_counter() - started)
        if args.batch:
            events = args.events - args.events % args.batch
            rates[f"plain, {args.batch} a transaction"] = _run(
                writers, _baseline_batches, events, args.batch
            )
            with task_worker_sealing():
                rates[f"appended, {args.batch} a transaction"] = _run(
                    writers, _append_batches, events, args.batch
                )
        print(f"{writers:>2} writers: " + "   ".join(f"{k} {v:6.0f}/s" for k, v in rates.items()))
    verdict = verify(anchors=False)
    print(
        f"verify_audit: intact={verdict.intact}, {verdict.checked} events, {verdict.waiting} waiting"
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_insert")


if __name__ == "__main__":
    main()
