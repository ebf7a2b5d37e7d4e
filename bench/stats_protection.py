"""Times the joint statistical secrecy of a year (every grid, office and the département
withheld together, lien/stats/publication.py), and a statistics page that reuses it.

    .venv/bin/python bench/stats_protection.py --demo                     # the demo, SQLite
    .venv/bin/python bench/stats_protection.py --offices 8 --households 800   # synthetic
    LIEN_PG_PORT=54331 .ci/with-throwaway-postgres .venv/bin/python bench/stats_protection.py \\
        --offices 8 --households 800                                          # PostgreSQL

The demo is `seed_demo` (4 offices, 300 households, three years); the synthetic
département is bench/stats_grid.py's record (about 10 events per household, one year,
categories drawn uniformly), built in bulk: with about a hundred households an office,
its tables are sparse and many counts are small, where the protection has the most to
do. Each run decides the protection afresh; the page is the département's activity grid
with the stored protection (the counts read and fingerprinted, no linear programme).
"""

import argparse
import os
import random
import statistics
import time

from common import machine, measure, p95, setup_django


def _decide(year: int, runs: int) -> tuple[list[float], list[float], dict]:
    from lien.stats.publication import protect, read_year

    timings, cpu, figures = [], [], {}
    for _ in range(runs):
        release = read_year(year)
        started, started_cpu = time.perf_counter(), time.process_time()
        protect(release)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        figures = release.figures
    return timings, cpu, figures


def _report(label: str, timings: list[float], cpu: list[float], figures: dict) -> None:
    # The processor time, unlike the elapsed time, does not grow with the machine's load.
    print(
        f"{label}: median {statistics.median(timings):.2f} s elapsed, "
        f"{statistics.median(cpu):.2f} s of processor ({len(timings)} runs); "
        f"{figures['cells']} cells, {figures['unknowns']} unknowns, "
        f"{figures['primary']} small counts withheld, {figures['secondary']} more to protect "
        f"them, {figures['programmes']} linear programmes"
    )


def _page(year: int, repeat: int) -> None:
    from lien.offices.models import Office
    from lien.stats.publication import year_release
    from lien.stats.selectors import published_grid

    year_release(year)  # decided and stored once
    everyone = set(Office.objects.values_list("pk", flat=True))
    timings = measure(
        lambda: published_grid(office_ids=everyone, grid_code="activity", year=year),
        repeat=repeat,
    )
    print(
        f"département activity grid, protection stored: median "
        f"{statistics.median(timings):.1f} ms, p95 {p95(timings):.1f} ms ({repeat} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", action="store_true", help="the demo instead of synthetic data")
    parser.add_argument("--households", type=int, default=800)
    parser.add_argument("--offices", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    name = (
        "stats-protection-demo"
        if args.demo
        else f"stats-protection-{args.offices}-{args.households}"
    )
    setup_django(name)
    from django.core.management import call_command
    from django.db import connection

    from lien.stats import tally
    from lien.stats.models import StatEvent

    if not StatEvent.objects.exists():
        started = time.perf_counter()
        if args.demo:
            os.environ.setdefault("LIEN_ALLOW_DEMO", "1")
            call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        else:
            import stats_grid

            stats_grid.OFFICES = args.offices
            stats_grid._build(args.households, random.Random(args.seed))
            tally.rebuild(stats_grid.YEAR)
        print(f"built the data in {time.perf_counter() - started:.0f} s")
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f} at start")
    print(f"database: {connection.vendor}")
    years = sorted(set(StatEvent.objects.values_list("year", flat=True)))
    for year in years:
        timings, cpu, figures = _decide(year, args.runs)
        _report(f"{year}, protection decided", timings, cpu, figures)
    _page(years[-1], repeat=20)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
