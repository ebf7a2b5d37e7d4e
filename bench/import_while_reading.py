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
while the manager of syn-01 imports a CSV of `--import` households (bench/
import_households.py's file) into syn-01, until the import has committed. Same data as
search_and_pages.py (`var/bench/views-N.sqlite3`, or DATABASE_URL).
"""

import argparse
import multiprocessing
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from agents import plan_agents, read
from common import machine, p95, setup_django, synthetic_departement
from import_households import build_csv

# The import's plan, built before the fork and inherited by the importing process.
_PLAN = None


def _import(manager_id: int, office_id: int, niceness: int) -> tuple[int, float]:
    """As the task worker runs an import: in its own process, at its lower priority."""
    from django.conf import settings
    from django.db import connections

    from lien.accounts.models import User
    from lien.background.priority import give_way_to_the_desk
    from lien.casefiles.imports.services import import_households

    connections.close_all()
    settings.LIEN_TASK_NICENESS = niceness
    give_way_to_the_desk()
    started = time.perf_counter()
    count = import_households(
        actor=User.objects.get(pk=manager_id), office_id=office_id, plan=_PLAN
    )
    connections.close_all()
    return count, time.perf_counter() - started


def _reader(args) -> list[float]:
    agent, seconds, pause, stop = args
    return read(agent, seconds=seconds, pause=pause, stop=stop)


def _summary(label: str, timings: list[float], load: float) -> str:
    return (
        f"{label:<28} {len(timings):6} requests   median {statistics.median(timings):7.1f} ms   "
        f"p95 {p95(timings):7.1f} ms   load average at start {load:.2f}"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000, help="the département")
    parser.add_argument("--import", dest="imported", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60, help="the reading without import")
    parser.add_argument("--pause", type=float, default=2.0, help="mean seconds between reads")
    parser.add_argument("--niceness", type=int, default=10, help="the importing process's nice")
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
    global _PLAN
    _PLAN = plan = plan_import(read_rows("bench.csv", build_csv(args.imported)))
    assert not plan.errors, plan.errors[:3]
    manager = User.objects.get(username="syn-responsable-01")
    office_id = Office.objects.get(code="syn-01").pk
    context = multiprocessing.get_context("fork")
    # No connection may cross a fork (SQLite's file locks belong to the process): nothing
    # read through the views here, so no sealer thread holds one; each agent warms up itself.
    connections.close_all()

    load = os.getloadavg()[0]
    with context.Pool(len(agents)) as pool:
        quiet = pool.map(_reader, [(a, args.seconds, args.pause, None) for a in agents])
    quiet = [t for agent in quiet for t in agent]
    print(_summary("reading alone", quiet, load), flush=True)
    seal_pending()
    connections.close_all()

    load = os.getloadavg()[0]
    with (
        context.Manager() as shared,
        context.Pool(len(agents)) as pool,
        context.Pool(1) as importer,
    ):
        stop = shared.Event()
        running = pool.map_async(_reader, [(a, 24 * 3600, args.pause, stop) for a in agents])
        time.sleep(10)  # the readers have warmed up and started
        count, imported_in = importer.apply(_import, (manager.pk, office_id, args.niceness))
        stop.set()
        during = [t for agent in running.get() for t in agent]
    assert count == args.imported
    print(_summary("reading during the import", during, load), flush=True)
    ratio = p95(during) / p95(quiet)
    print(
        f"import of {count:,} households (nice {args.niceness}) in {imported_in:.1f} s while {len(agents)} agents read "
        f"(pause {args.pause:g} s); their p95 ×{ratio:.2f} of without; target ≤ ×2: "
        + ("met" if ratio <= 2 else "not met")
        + f"; load average at the end {os.getloadavg()[0]:.2f}"
    )
    seal_pending()


if __name__ == "__main__":
    main()
