"""The retention engine over a synthetic département: `apply_retention --wet-run` after
the clock has moved, its elapsed time and its peak memory.

    .venv/bin/python bench/retention.py --households 10000

Target (issue 6): the engine works in batches, so its peak memory must not grow with the
size of the département. Run two sizes and compare the peaks.

The data are rebuilt on every run (the engine changes them), in a database of their own
(`var/bench/retention-N.sqlite3`, or DATABASE_URL). Each file is given one "viewed"
audit event, so that the anonymisation has audit events to rewrite. The clock is then
moved `--years` years ahead (3 by default: every file closed in the five synthetic years
is past its active period, and those closed early enough with an aid decision leave the
archive too). Peak memory is that of Python objects (tracemalloc) during the run only.
"""

import argparse
import os
import time
import tracemalloc
from datetime import timedelta

from common import ROOT, machine, setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / f"retention-{args.households}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    setup_django(f"retention-{args.households}")

    import time_machine
    from django.conf import settings
    from django.core.management import call_command
    from django.db import reset_queries
    from django.utils import timezone

    from lien.audit.chain import verify
    from lien.audit.models import Action, AuditEvent
    from lien.casefiles.models import CaseFile
    from lien.demo.synthetic import SyntheticDepartement
    from lien.privacy import retention_engine as engine

    started = time.perf_counter()
    SyntheticDepartement(households=args.households).run()
    _chained_views(CaseFile, AuditEvent, Action)
    built = time.perf_counter() - started
    files = CaseFile.objects.count()
    events = AuditEvent.objects.count()
    print(f"{args.households:,} households, {files:,} files, {events:,} audit events — {machine()}")
    print(f"built in {built:.0f} s")

    with time_machine.travel(timezone.now() + timedelta(days=365 * args.years), tick=True):
        plan = engine.plan()
        print(
            f"dry run: archive {plan.counts['archive']:,}, anonymise {plan.counts['anonymise']:,}"
        )
        # The dev settings' DEBUG keeps a log of the last 9,000 queries: not the engine's.
        settings.DEBUG = False
        reset_queries()
        tracemalloc.start()
        started = time.perf_counter()
        call_command("apply_retention", "--wet-run", "--batch-size", str(args.batch_size))
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"apply_retention --wet-run: {elapsed:.1f} s, peak Python memory {peak / 2**20:.1f} MiB")
    print(f"audit chain intact after the run: {verify().intact}")


def _chained_views(CaseFile, AuditEvent, Action):
    """One 'viewed' event per file, appended through the model (so the chain is built)."""
    from django.db import transaction

    pks = list(CaseFile.objects.values_list("pk", "office_id", "household_id"))
    for start in range(0, len(pks), 2000):
        with transaction.atomic():
            for pk, office_id, household_id in pks[start : start + 2000]:
                AuditEvent.objects.create(
                    action=Action.VIEW,
                    object_kind="casefile",
                    object_id=str(pk),
                    office_id=office_id,
                    household_id=household_id,
                )


if __name__ == "__main__":
    main()
