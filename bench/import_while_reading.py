"""An import of households into one office while 20 social workers of other offices read.

    .venv/bin/python bench/import_while_reading.py --households 100000 --import 100000
    LIEN_PG_DURABLE=1 LIEN_PG_PORT=5443 .ci/with-throwaway-postgres \
        .venv/bin/python bench/import_while_reading.py --households 100000 --import 100000

Target (issue 19): the readers' p95 during the import at most twice their p95 without it.
Before the audit log lost its global lock, a 20,000-household import pushed another
office's file pages from 55 ms to 4.8 s: every audited read waited for the import's
commit.

20 agents (5 social workers of each of offices syn-02 to syn-05) read their files,
search and open their caseload through the views (bench/agents.py), with a pause of
`--pause` seconds on average between two requests: first for `--seconds` alone, then
while the manager of syn-32 imports a CSV of `--import` households (bench/
import_households.py's file) into syn-32, until the import has committed (not syn-01,
whose searches search_and_pages.py measures on the same data). Same data as
search_and_pages.py (`var/bench/views-N.sqlite3`, or DATABASE_URL). In both phases the
agents start together once all have warmed up, and "during" counts only the requests
made between the import's start and its commit. Each phase's figures are also given by
kind of request (file page, search, caseload).
"""

import argparse
import multiprocessing
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from agents import KINDS, Reading, plan_agents, read
from common import machine, p95, setup_django, synthetic_departement, task_worker_sealing
from import_households import build_csv

# The import's plan, built before the fork and inherited by the importing process.
_PLAN = None


def _import(
    manager_id: int, office_id: int, niceness: int, pace: float
) -> tuple[int, float, float]:
    """As the task worker runs an import: in its own process, at its lower priority."""
    from django.conf import settings
    from django.db import connections

    from lien.accounts.models import User
    from lien.background.priority import give_way_to_the_desk
    from lien.casefiles.imports.services import import_households

    connections.close_all()
    settings.LIEN_TASK_NICENESS, settings.LIEN_TASK_PACE = niceness, pace
    give_way_to_the_desk()
    actor = User.objects.get(pk=manager_id)
    started = time.monotonic()
    count = import_households(actor=actor, office_id=office_id, plan=_PLAN)
    ended = time.monotonic()
    connections.close_all()
    return count, started, ended


def _reader(args) -> list[Reading]:
    agent, seconds, pause, stop, ready = args
    return read(agent, seconds=seconds, pause=pause, stop=stop, ready=ready)


def _summary(label: str, readings: list[Reading], load: float) -> str:
    """All requests, then each kind apart: which reads an import slows down."""
    timings = [r.ms for r in readings]
    lines = [
        f"{label:<28} {len(timings):6} requests   median {statistics.median(timings):7.1f} ms   "
        f"p95 {p95(timings):7.1f} ms   load average at start {load:.2f}"
    ]
    for kind in KINDS:
        of_kind = [r.ms for r in readings if r.kind == kind]
        if of_kind:
            lines.append(
                f"  {kind:<26} {len(of_kind):6} requests   median "
                f"{statistics.median(of_kind):7.1f} ms   p95 {p95(of_kind):7.1f} ms"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000, help="the département")
    parser.add_argument("--import", dest="imported", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60, help="the reading without import")
    parser.add_argument("--pause", type=float, default=2.0, help="mean seconds between reads")
    parser.add_argument("--niceness", type=int, default=10, help="the importing process's nice")
    parser.add_argument(
        "--pace", type=float, default=None, help="LIEN_TASK_PACE (default: the setting's)"
    )
    args = parser.parse_args()
    setup_django(f"views-{args.households}")

    from django.db import connections

    from lien.accounts.models import User
    from lien.audit.sealer import seal_pending
    from lien.casefiles.imports.reading import plan_import, read_rows
    from lien.casefiles.models import Person
    from lien.offices.models import Office

    synthetic_departement(args.households)
    print(f"{Person.objects.count():,} persons — {machine()}", flush=True)
    agents = plan_agents([f"syn-as{k}-{n:02d}" for n in range(2, 6) for k in range(1, 6)])
    from django.conf import settings

    pace = settings.LIEN_TASK_PACE if args.pace is None else args.pace
    global _PLAN
    _PLAN = plan = plan_import(read_rows("bench.csv", build_csv(args.imported)))
    assert not plan.errors, plan.errors[:3]
    manager = User.objects.get(username="syn-responsable-32")
    office_id = Office.objects.get(code="syn-32").pk
    context = multiprocessing.get_context("fork")
    # No connection may cross a fork (SQLite's file locks belong to the process): nothing
    # read through the views here, so no sealer thread holds one; each agent warms up itself.
    connections.close_all()

    # The task worker seals everyone's audit events meanwhile, as in production.
    with task_worker_sealing():
        # Every agent warms up first, then all start together (agents.read): the measure holds
        # reading, not 20 processes loading their templates.
        with context.Manager() as shared, context.Pool(len(agents)) as pool:
            ready = shared.Barrier(len(agents) + 1)
            running = pool.map_async(
                _reader, [(a, args.seconds, args.pause, None, ready) for a in agents]
            )
            ready.wait()
            load = os.getloadavg()[0]
            quiet = [reading for agent in running.get() for reading in agent]
        print(_summary("reading alone", quiet, load), flush=True)
        seal_pending()
        connections.close_all()

        with (
            context.Manager() as shared,
            context.Pool(len(agents)) as pool,
            context.Pool(1) as importer,
        ):
            stop, ready = shared.Event(), shared.Barrier(len(agents) + 1)
            running = pool.map_async(
                _reader, [(a, 24 * 3600, args.pause, stop, ready) for a in agents]
            )
            ready.wait()
            time.sleep(5)  # the readers at their pace
            load = os.getloadavg()[0]
            count, started, ended = importer.apply(
                _import, (manager.pk, office_id, args.niceness, pace)
            )
            stop.set()
            readings = [reading for agent in running.get() for reading in agent]
        # The requests made while the import ran, from start to end: not those before it.
        during = [r for r in readings if r.started >= started and r.started + r.ms / 1000 <= ended]
        imported_in = ended - started
    assert count == args.imported
    print(_summary("reading during the import", during, load), flush=True)
    ratio = p95([r.ms for r in during]) / p95([r.ms for r in quiet])
    print(
        f"import of {count:,} households (nice {args.niceness}, pace {pace:g}) in {imported_in:.1f} s while {len(agents)} agents read "
        f"(pause {args.pause:g} s); their p95 ×{ratio:.2f} of without; target ≤ ×2: "
        + ("met" if ratio <= 2 else "not met")
        + f"; load average at the end {os.getloadavg()[0]:.2f}"
    )
    seal_pending()


if __name__ == "__main__":
    main()
