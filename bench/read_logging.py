"""What logging every read costs at saturation: agents with no pause between requests.

    .venv/bin/python bench/read_logging.py --households 20000 --workers 3 --seconds 60
    LIEN_PG_DURABLE=1 LIEN_PG_PORT=5443 .ci/with-throwaway-postgres \
        .venv/bin/python bench/read_logging.py --households 20000

Target (issue 19): the throughput with every read logged at least 90 % of the throughput
without (overhead ≤ 10 %), measured where the server, not the agents' pauses, sets it.

The 50-user load test (bench/load/) pauses 5–15 s between acts: its throughput is the
agents', whatever logging costs. Here `--workers` processes (gunicorn's 3 workers) each
request, back to back for `--seconds`, the pages of reads a social worker makes: a file
page of their office, a person search (a prefix of a name of the office), the caseload;
with `LIEN_AUDIT_READS` on (production: each read writes its audit event, sealed
behind by the task worker) and off, in `--rounds` pairs of alternating order (on, off,
off, on, …: the machine's drift falls on both sides). Then, since the machine's speed can
drift by more than the overhead between two runs, the audit writes are timed inside
`--inside` requests of one agent, against the whole request (`audit_share`). Printed:
requests per second of each run, the ratio, the p95, the load average, and the audit
writes' share of each kind of request. Same data as `search_and_pages.py` (`var/bench/views-N.sqlite3`, or
DATABASE_URL).
"""

import argparse
import multiprocessing
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from agents import KINDS, Reading, pick, plan_agents, read
from common import p95, setup_django, synthetic_departement, task_worker_sealing


def _agent(args) -> list[Reading]:
    agent, seconds, logged, ready = args
    return read(agent, seconds=seconds, logged=logged, ready=ready)


def audit_share(agent, requests: int) -> None:
    """What the audit writes take of each request, timed inside it: every event written
    (its INSERTs and its transaction's commit, fsync included) against the whole request,
    by kind. Run alone in one process: it does not drift with the machine's speed as the
    throughputs do, since both sides are timed in the same requests."""
    import random

    from django.conf import settings
    from django.test import Client

    from lien.accounts.models import User
    from lien.audit.models import AuditEvent

    settings.LIEN_AUDIT_READS = True
    spent = {"events": 0, "wall": 0.0, "processor": 0.0}
    save, append_many = AuditEvent.save, AuditEvent.append_many.__func__

    def timed(function):
        def wrapper(*args, **kwargs):
            wall, processor = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent["wall"] += time.perf_counter() - wall
                spent["processor"] += time.process_time() - processor

        return wrapper

    def counted_save(self, *args, **kwargs):
        spent["events"] += 1
        return save(self, *args, **kwargs)

    def counted_many(cls, events, *args, **kwargs):
        events = list(events)
        spent["events"] += len(events)
        return append_many(cls, events, *args, **kwargs)

    AuditEvent.save = timed(counted_save)
    AuditEvent.append_many = classmethod(timed(counted_many))
    try:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=agent.username))
        rng = random.Random(agent.seed)
        by_kind = {kind: [0, 0, 0.0, 0.0, 0.0, 0.0] for kind in KINDS}
        for n in range(requests + 10):
            kind, url, headers = pick(agent, rng)
            before = dict(spent)
            wall, processor = time.perf_counter(), time.process_time()
            assert client.get(url, **headers).status_code == 200
            if n < 10:  # warming up
                continue
            figures = by_kind[kind]
            figures[0] += 1
            figures[1] += spent["events"] - before["events"]
            figures[2] += time.perf_counter() - wall
            figures[3] += time.process_time() - processor
            figures[4] += spent["wall"] - before["wall"]
            figures[5] += spent["processor"] - before["processor"]
    finally:
        AuditEvent.save = save
        AuditEvent.append_many = classmethod(append_many)
    print(f"the audit writes inside {requests} requests of {agent.username} (one process):")
    totals = [0.0] * 6
    for kind, figures in by_kind.items():
        count, events, wall, processor, audit_wall, audit_processor = figures
        totals = [t + f for t, f in zip(totals, figures, strict=True)]
        if count:
            print(
                f"  {kind:<10} {count:4} requests, {events / count:4.1f} events each: "
                f"{audit_wall / count * 1000:5.2f} ms of {wall / count * 1000:6.1f} ms "
                f"({audit_wall / wall:5.1%}); processor {audit_processor / count * 1000:5.2f} "
                f"ms of {processor / count * 1000:6.1f} ms ({audit_processor / processor:5.1%})"
            )
    print(
        f"  all        the audit writes take {totals[4] / totals[2]:.1%} of the requests' time "
        f"and {totals[5] / totals[3]:.1%} of their processor time"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="pairs of runs, logged and not, in alternating order (the machine's speed "
        "drifts: interleaved, the drift falls on both sides)",
    )
    parser.add_argument(
        "--inside", type=int, default=300, help="requests timed inside, audit writes apart"
    )
    args = parser.parse_args()
    setup_django(f"views-{args.households}")

    from django.db import connection, connections

    from lien.audit.sealer import seal_pending

    synthetic_departement(args.households)
    agents = plan_agents([f"syn-as{k}-01" for k in range(1, args.workers + 1)])
    vendor = connection.vendor
    # No connection may cross a fork (SQLite's file locks belong to the process): nothing
    # read through the views here, so no sealer thread holds one; each agent warms up itself.
    connections.close_all()
    totals = {True: [0, 0.0], False: [0, 0.0]}  # logged: [requests, seconds]
    order = []
    for round_ in range(args.rounds):
        order += [True, False] if round_ % 2 == 0 else [False, True]
    context = multiprocessing.get_context("fork")
    # The task worker seals everyone's audit events meanwhile, as in production.
    with task_worker_sealing():
        for logged in order:
            load = os.getloadavg()
            with context.Manager() as shared, context.Pool(len(agents)) as pool:
                # The agents start together once all have warmed up, and each counts
                # only its window of `seconds`: a fresh process's warm-up is not reading.
                ready = shared.Barrier(len(agents))
                runs = [(agent, args.seconds, logged, ready) for agent in agents]
                timings = [r.ms for agent in pool.map(_agent, runs) for r in agent]
            totals[logged][0] += len(timings)
            totals[logged][1] += args.seconds
            label = "reads logged" if logged else "reads not logged"
            print(
                f"{label:<18} {len(timings):6} requests  {len(timings) / args.seconds:6.1f} req/s  "
                f"p95 {p95(timings):7.1f} ms   load average at start {load[0]:.2f}",
                flush=True,
            )
            seal_pending()
            # Closed before the next fork: a child closing an inherited PostgreSQL socket
            # ends the parent's session too ("server closed the connection").
            connections.close_all()
    if args.rounds:
        rate = {logged: requests / seconds for logged, (requests, seconds) in totals.items()}
        ratio = rate[True] / rate[False]
        print(
            f"{vendor}, {args.workers} agents without pause, {args.rounds} rounds: "
            f"{rate[True]:.1f} req/s with reads logged, {rate[False]:.1f} without: "
            f"{ratio:.1%} (overhead {1 - ratio:.1%}); target ≥ 90 %: "
            + ("met" if ratio >= 0.9 else "not met")
        )
    with task_worker_sealing():
        audit_share(agents[0], args.inside)


if __name__ == "__main__":
    main()
