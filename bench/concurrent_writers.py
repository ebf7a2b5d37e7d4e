"""Twenty social workers writing at once, through the views, on SQLite (or PostgreSQL with
DATABASE_URL): does Lien stay usable when every one of them records at the same moment?

    .venv/bin/python bench/concurrent_writers.py --households 2000 --writers 20 --acts 30

Each writer is a process of its own (as gunicorn's workers are), logged in as one of the
synthetic département's social workers (six per office: the first 20 are in four offices,
so writers of one office contend for the same rows and grid cells), and records, without
pause, `--acts` quick entries on files of its caseload through the views (Django test
client, the whole middleware stack, `config.settings.bench`): two interventions out of
three, a note the third. Each act is a POST answered 200, its audit event, its
statistical event (tally changes), the session saved; the sealer thread of each process
seals the chain behind. Each process first warms itself as a gunicorn worker does
(lien/web/warmup.py) and records one untimed act of each kind; then all writers start
together (a barrier). Printed: the latencies
(median, p95, max) of every act of every writer, the errors (any answer but 200, any
exception, "database is locked" included), the load average before and after, the
database, and `verify_audit` at the end.

Target (issue 19): p95 ≤ 1 s and no error with 20 writers on SQLite.
"""

import argparse
import multiprocessing
import os
import random
import statistics
import time
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from common import p95, setup_django, synthetic_departement, task_worker_sealing, warm_up


def _writer(args) -> tuple[list[float], list[str]]:
    username, files, items, acts, barrier, pause = args
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from lien.accounts.models import User

    connections.close_all()  # never share the parent's connection
    warm_up()
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    today = timezone.localdate().isoformat()
    timings: list[float] = []
    errors: list[str] = []
    rng = random.Random(username)

    def act(n: int) -> None:
        casefile = files[n % len(files)]
        if n % 3 == 2:
            url = f"/files/{casefile}/notes/"
            data = {"note-text": "Entretien : point sur les démarches.", "note-visibility": "team"}
        else:
            url = f"/files/{casefile}/interventions/"
            data = {"intervention-item": items[n % len(items)], "intervention-occurred_on": today}
        started = time.perf_counter()
        try:
            response = client.post(url, data, HTTP_HX_REQUEST="true")
            if response.status_code != 200:
                errors.append(f"{url}: status {response.status_code}")
        except Exception as error:
            errors.append(f"{url}: {error!r}")
            traceback.print_exc()
        timings.append((time.perf_counter() - started) * 1000)

    # One untimed act of each kind first, as agents.read does: a process's first act
    # opens its connection, starts its sealer thread and compiles its first queries.
    for n in (1, 2):
        act(n)
    timings.clear()
    barrier.wait()
    if pause:
        # With pauses, the writers' first acts are spread as their next ones are: 20
        # people do not all click in the same 100 ms (without pause they do, the worst
        # case).
        time.sleep(pause * rng.random())
    for n in range(acts):
        act(n)
        if pause:
            time.sleep(pause * (0.5 + rng.random()))
    # Let the sealer thread finish its round before the process ends.
    from lien.audit.models import PendingSeal

    deadline = time.monotonic() + 30
    while PendingSeal.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    connections.close_all()
    return timings, errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--acts", type=int, default=30, help="writes per writer")
    parser.add_argument(
        "--pause", type=float, default=0.0, help="mean seconds between a writer's acts (0: none)"
    )
    args = parser.parse_args()
    setup_django(f"writers-{args.households}")

    from django.db import connection, connections

    from lien.accounts.models import OfficeMembership
    from lien.accounts.roles import Role
    from lien.audit.sealer import seal_pending
    from lien.audit.verification import verify
    from lien.casefiles.models import CaseFile, FileStatus, Person
    from lien.catalog.models import Family, Item

    synthetic_departement(args.households)
    items = [
        str(pk) for pk in Item.objects.offered(Family.INTERVENTION).values_list("pk", flat=True)
    ]
    memberships = OfficeMembership.objects.filter(role=Role.SOCIAL_WORKER).order_by(
        "office_id", "user_id"
    )[: args.writers]
    barrier = multiprocessing.get_context("fork").Manager().Barrier(args.writers)
    plans = []
    for membership in memberships:
        files = list(
            CaseFile.objects.filter(
                office_id=membership.office_id,
                referent_id=membership.user_id,
                status=FileStatus.OPEN,
            ).values_list("pk", flat=True)[:50]
        )
        plans.append((membership.user.username, files, items, args.acts, barrier, args.pause))
    offices = len({m.office_id for m in memberships})
    connections.close_all()
    before = os.getloadavg()
    started = time.perf_counter()
    # The task worker seals everyone's audit events meanwhile, as in production.
    with task_worker_sealing(), multiprocessing.get_context("fork").Pool(len(plans)) as pool:
        results = pool.map(_writer, plans)
    wall = time.perf_counter() - started
    after = os.getloadavg()
    timings = [t for result in results for t in result[0]]
    errors = [e for result in results for e in result[1]]
    seal_pending()
    verdict = verify(anchors=False)
    print(
        f"{connection.vendor}, {Person.objects.count():,} persons; {len(plans)} writers in "
        f"{offices} offices, {args.acts} acts each, pause {args.pause} s; load average "
        f"{before[0]:.2f} {before[1]:.2f} {before[2]:.2f} before, "
        f"{after[0]:.2f} {after[1]:.2f} {after[2]:.2f} after"
    )
    print(
        f"acts {len(timings)}   median {statistics.median(timings):8.1f} ms   "
        f"p95 {p95(timings):8.1f} ms   max {max(timings):8.1f} ms   "
        f"errors {len(errors)}   throughput {len(timings) / wall:6.1f} acts/s"
    )
    for error in errors[:10]:
        print("  error:", error)
    print(f"verify_audit: intact={verdict.intact}, {verdict.checked} events")
    target = p95(timings) <= 1000 and not errors
    print("target (p95 ≤ 1 s, 0 errors):", "met" if target else "not met")


if __name__ == "__main__":
    main()
