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
once with `LIEN_AUDIT_READS` on (production: each read writes its audit event, sealed
behind by the sealer thread), once off, then on again (the first and third bracket the
machine's drift). Printed: requests per second of each run, the ratio, the p95, and the
load average. Same data as `search_and_pages.py` (`var/bench/views-N.sqlite3`, or
DATABASE_URL).
"""

import argparse
import multiprocessing
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from agents import Reading, plan_agents, read
from common import p95, setup_django, synthetic_departement, task_worker_sealing


def _agent(args) -> list[Reading]:
    agent, seconds, logged = args
    return read(agent, seconds=seconds, logged=logged)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
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
    results = {}
    # The task worker seals everyone's audit events meanwhile, as in production.
    with task_worker_sealing():
        for label, logged in [
            ("reads logged", True),
            ("reads not logged", False),
            ("reads logged, again", True),
        ]:
            load = os.getloadavg()
            runs = [(agent, args.seconds, logged) for agent in agents]
            started = time.perf_counter()
            with multiprocessing.get_context("fork").Pool(len(runs)) as pool:
                timings = [r.ms for agent in pool.map(_agent, runs) for r in agent]
            wall = time.perf_counter() - started
            results[label] = len(timings) / wall
            print(
                f"{label:<22} {len(timings):6} requests  {results[label]:6.1f} req/s  "
                f"p95 {p95(timings):7.1f} ms   load average at start {load[0]:.2f}",
                flush=True,
            )
            seal_pending()
            # Closed before the next fork: a child closing an inherited PostgreSQL socket
            # ends the parent's session too ("server closed the connection").
            connections.close_all()
    logged = (results["reads logged"] + results["reads logged, again"]) / 2
    ratio = logged / results["reads not logged"]
    print(
        f"{vendor}, {args.workers} agents without pause: throughput with reads logged "
        f"{ratio:.1%} of without (overhead {1 - ratio:.1%}); target ≥ 90 %: "
        + ("met" if ratio >= 0.9 else "not met")
    )


if __name__ == "__main__":
    main()
