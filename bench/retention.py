"""The retention engine over a synthetic département: `apply_retention --wet-run` after
the clock has moved, its elapsed time and its peak memory.

    .venv/bin/python bench/retention.py --households 10000
    .venv/bin/python bench/retention.py --households 100000     # about 1,000,000 interventions

Targets (issue 8): at 100,000 households, one wet run in at most 5 minutes, and a peak
memory that does not grow with the size of the département (run two sizes, compare).

The data (`SyntheticDepartement`, five years of activity, as `manage.py seed_synthetic`)
are built once per size and day into `var/bench/retention-N-built.sqlite3` and copied
before each run, since the run changes them; with DATABASE_URL (PostgreSQL) they are
built in that database on every run (or, with `--reuse`, taken as they are, e.g. those
the load test built in the same throwaway cluster). Each file is given one chained "viewed" audit event,
so that the anonymisation has events to rewrite; no event is pruned (`prune_audit` would
keep 6 months of them): the longest chain, the worst case. The clock is then moved
`--years` years ahead (3 by default: every file closed in the five synthetic years is past
its active period, and those closed early enough with an aid decision leave the archive).

The run itself is a child process (`apply_retention --wet-run` under the moved clock), so
that its peak resident memory (`ru_maxrss`, Django and the interpreter included) is its
own and not the building's; the built data are migrated before they are copied, so that
the child has no index to build. `--tracemalloc` also reports the peak of Python allocations
(which slows the run down, so its elapsed time is not the one to quote).
"""

import argparse
import datetime
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from common import ROOT, machine, setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build the data, run nothing")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with DATABASE_URL: run on the synthetic data already there (e.g. the load "
        "test's), adding only the audit events",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args)

    name = f"retention-{args.households}"
    on_sqlite = not os.environ.get("DATABASE_URL")
    if on_sqlite:
        working = ROOT / "var" / "bench" / f"{name}.sqlite3"
        built = working.with_name(f"{name}-built.sqlite3")
        _remove(working)
        if not _built_today(built):
            _remove(built)
            _build(args, name)
            shutil.copyfile(working, built)
        else:
            # Brought up to the current migrations first, so that the measured run does
            # not also build new indexes.
            subprocess.run(  # noqa: S603 (manage.py of this repository)
                [sys.executable, str(ROOT / "manage.py"), "migrate", "--verbosity", "0"],
                env={**os.environ, "DATABASE_URL": _url(built)},
                check=True,
            )
            shutil.copyfile(built, working)
    else:
        _build(args, name, reuse=args.reuse)
    if args.build_only:
        return

    started = time.perf_counter()
    child = subprocess.run(  # noqa: S603 (this very script, with its own arguments)
        [sys.executable, __file__, "--child", *_forwarded(args)],
        env={**os.environ, "DATABASE_URL": os.environ.get("DATABASE_URL") or _url(working)},
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - started
    result = json.loads(child.stdout.strip().splitlines()[-1])
    rss = result["maxrss_mib"]
    print(
        f"apply_retention --wet-run: {result['elapsed']:.1f} s "
        f"(child process {wall:.1f} s, Django start included), peak resident memory "
        f"{rss:.0f} MiB"
        + (
            f", peak Python allocations {result['tracemalloc_mib']:.1f} MiB"
            if args.tracemalloc
            else ""
        )
    )
    print(result["output"].strip())
    print(f"audit chain intact after the run: {result['intact']}")


def _forwarded(args) -> list[str]:
    forwarded = ["--households", str(args.households), "--years", str(args.years)]
    forwarded += ["--batch-size", str(args.batch_size)]
    return forwarded + (["--tracemalloc"] if args.tracemalloc else [])


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _built_today(path: Path) -> bool:
    """The synthetic dates are relative to the day of the building."""
    if not path.exists():
        return False
    # The day as Lien counts it (TIME_ZONE), before Django is set up in this process.
    paris = ZoneInfo("Europe/Paris")
    built_at = datetime.datetime.fromtimestamp(path.stat().st_mtime, paris)
    return built_at.date() == datetime.datetime.now(paris).date()


def _build(args, name: str, reuse: bool = False) -> None:
    setup_django(name)
    from django.db import connection

    from lien.audit.models import AuditEvent
    from lien.casefiles.models import CaseFile, Intervention
    from lien.demo.synthetic import SyntheticDepartement

    started = time.perf_counter()
    if not reuse:
        SyntheticDepartement(households=args.households).run()
    _chained_views()
    print(
        f"{args.households:,} households, {CaseFile.objects.count():,} files, "
        f"{Intervention.objects.count():,} interventions, "
        f"{AuditEvent.objects.count():,} audit events — {machine()}"
    )
    print(f"built in {time.perf_counter() - started:.0f} s")
    connection.close()


def _chained_views():
    """One 'viewed' event per file, appended through the model (so the chain is built)."""
    from django.db import transaction

    from lien.audit.models import Action, AuditEvent
    from lien.casefiles.models import CaseFile

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


def _child(args) -> None:
    """Runs in its own process: the moved clock, the command, the measures."""
    import io
    import tracemalloc
    from datetime import timedelta

    setup_django(f"retention-{args.households}")
    import time_machine
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from lien.audit.chain import verify

    # The dev settings' DEBUG keeps a log of the last 9,000 queries: not the engine's.
    settings.DEBUG = False
    out = io.StringIO()
    with time_machine.travel(timezone.now() + timedelta(days=365 * args.years), tick=True):
        if args.tracemalloc:
            tracemalloc.start()
        started = time.perf_counter()
        call_command(
            "apply_retention", "--wet-run", "--batch-size", str(args.batch_size), stdout=out
        )
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else 0
        tracemalloc.stop()
    summary = [line for line in out.getvalue().splitlines() if not line.startswith("  batch")]
    # The process's peak resident memory (Linux: in KiB), interpreter and Django included,
    # read before the check of the chain below, which is not the engine's.
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "elapsed": elapsed,
        "tracemalloc_mib": peak / 2**20,
        "output": "\n".join(summary),
        "intact": verify().intact,
        "maxrss_mib": maxrss,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
