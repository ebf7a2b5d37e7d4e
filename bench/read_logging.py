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
off, on, …: the machine's drift falls on both sides). Printed: requests per second of each run, the ratio, the p95, and the
load average. Same data as `search_and_pages.py` (`var/bench/views-N.sqlite3`, or
DATABASE_URL).
"""

import argparse
import multiprocessing
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from agents import Reading, plan_agents, read
from common import p95, setup_django, synthetic_departement, task_worker_sealing


def _agent(args) -> list[Reading]:
    agent, seconds, logged, ready = args
    return read(agent, seconds=seconds, logged=logged, ready=ready)


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
    rate = {logged: requests / seconds for logged, (requests, seconds) in totals.items()}
    ratio = rate[True] / rate[False]
    print(
        f"{vendor}, {args.workers} agents without pause, {args.rounds} rounds: "
        f"{rate[True]:.1f} req/s with reads logged, {rate[False]:.1f} without: "
        f"{ratio:.1%} (overhead {1 - ratio:.1%}); target ≥ 90 %: "
        + ("met" if ratio >= 0.9 else "not met")
    )


if __name__ == "__main__":
    main()
