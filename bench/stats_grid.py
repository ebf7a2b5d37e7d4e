"""Times the annual activity grid of the whole département against one bare count(*)
scan of the statistical record, in the same run and on the same database.

    .venv/bin/python bench/stats_grid.py --households 100000            # SQLite in /tmp
    LIEN_PG_PORT=54335 .ci/with-throwaway-postgres .venv/bin/python bench/stats_grid.py \\
        --households 100000                                             # PostgreSQL

Builds the record directly in bulk (about 10 events per household, 32 offices, one year),
then computes the published grid (every table's grouped query, the sums and the
disclosure control) several times. Target (issue 5): at most 1 s and at most 3 times the
scan at 100,000 households.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

YEAR = 2025
OFFICES = 32
# Households per office, when offices differ in size (None: drawn evenly among OFFICES).
SIZES: list[int] | None = None


def _setup(keep: bool) -> str:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="lien-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # A 256 MB page cache, so that loading a million rows into six indexes does
            # not thrash; it does not change the timings of the warm grid and scan.
            cursor.execute("PRAGMA cache_size = -262144")
    return os.environ["DATABASE_URL"]


def _build(households: int, rng: random.Random) -> int:
    from django.db import transaction

    from lien.offices.models import Office, Organisation
    from lien.stats.definitions import load_grid
    from lien.stats.models import StatEvent

    organisation = Organisation.objects.create(name="Département du banc d'essai")
    count = len(SIZES) if SIZES else OFFICES
    offices = [
        Office.objects.create(organisation=organisation, code=f"css-{i:02d}", name=f"CSS {i:02d}")
        for i in range(count)
    ]
    if SIZES:
        # Each office its share of the households, in a random order.
        order = [offices[i].pk for i, size in enumerate(SIZES) for _ in range(size)]
        order = (order * (households // len(order) + 1))[:households]
        rng.shuffle(order)
    else:
        order = [rng.choice(offices).pk for _ in range(households)]
    grid = load_grid("activity")

    def values(table_code):
        return [v for v in grid.table(table_code).row_values if v]

    pick = {
        name: values(code)
        for name, code in (
            ("problem_family", "problems"),
            ("intervention_type", "interventions"),
            ("aid_type", "aid_decisions"),
            ("amount_band", "aid_amounts"),
        )
    }
    # Every field the grid cuts the households' situation by, with its listed values.
    situation_fields: dict[str, list[str]] = {}
    for table in grid.tables:
        if table.kinds == ("situation",):
            for axis in (table.rows, table.columns):
                if axis is not None and axis.field != "household_status":
                    situation_fields[axis.field] = [c.value for c in axis.categories if c.value]
    batch, written = [], 0

    def flush():
        nonlocal batch, written
        StatEvent.objects.bulk_create(batch, batch_size=5000)
        written += len(batch)
        batch = []

    with transaction.atomic():
        for office in order:
            token = uuid.UUID(int=rng.getrandbits(128)).hex

            def event(kind, office=office, token=token, situation=None, **dims):
                # Each event carries the household's situation, as the record does.
                dims = {**(situation or {}), **dims} if kind != "situation" else dims
                return StatEvent(
                    id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    kind=kind,
                    year=YEAR,
                    month=rng.randint(1, 12),
                    office_id=office,
                    household_token=token,
                    **dims,
                )

            situation = {
                "household_status": rng.choice(["new", "known"]),
                **{name: rng.choice(values) for name, values in situation_fields.items()},
            }
            batch.append(event("situation", **situation))
            batch.append(event("file_opened", situation=situation))
            batch.extend(event("visit", situation=situation) for _ in range(2))
            batch.append(
                event(
                    "problem_opened",
                    situation=situation,
                    problem_family=rng.choice(pick["problem_family"]),
                )
            )
            batch.extend(
                event(
                    "intervention",
                    situation=situation,
                    intervention_type=rng.choice(pick["intervention_type"]),
                )
                for _ in range(4)
            )
            decision = rng.choice(["granted", "refused"])
            batch.append(
                event(
                    "aid_decision",
                    situation=situation,
                    aid_type=rng.choice(pick["aid_type"]),
                    decision=decision,
                    amount_band=rng.choice(pick["amount_band"]) if decision == "granted" else "",
                )
            )
            if len(batch) >= 50000:
                flush()
        flush()
    from django.db import connection

    with connection.cursor() as cursor:
        # As autovacuum would leave a table at rest: statistics for the planner and, on
        # PostgreSQL, the visibility map that lets index-only scans skip the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return written


def _time(function, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return timings


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    args = parser.parse_args()
    url = _setup(args.keep)
    from django.db import connection

    from lien.offices.models import Office
    from lien.stats import tally
    from lien.stats.compute import count_grid
    from lien.stats.definitions import load_grid
    from lien.stats.models import StatEvent
    from lien.stats.selectors import published_grid

    started = time.perf_counter()
    rows = _build(args.households, random.Random(args.seed))
    print(f"database: {connection.vendor} ({url.split('?')[0]})")
    print(
        f"built {rows} events for {args.households} households in {time.perf_counter() - started:.1f} s"
    )
    # In service the grid cells are kept as each event is recorded; the bulk load
    # bypasses that, so they are counted once here, as `stats_rebuild_tallies` would.
    started = time.perf_counter()
    tally.rebuild(YEAR)
    print(f"counted the kept grid cells from the events in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Back to SQLite's default page cache, that of a server's connection.
            cursor.execute("PRAGMA cache_size = -2000")
    office_ids = set(Office.objects.values_list("pk", flat=True))
    table = StatEvent._meta.db_table

    def scan():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            cursor.fetchone()

    def grid():
        # decide_now: the year's protection, decided on the first call (as the task worker
        # would), then reused like a page does.
        published_grid(office_ids=office_ids, grid_code="activity", year=YEAR, decide_now=True)

    def grid_from_events():
        count_grid(load_grid("activity"), YEAR, office_ids)

    scan(), grid()  # warm the caches once, as a server would be
    grid_times = _time(grid, args.runs)
    scan_times = _time(scan, args.runs)
    grid_median, scan_median = statistics.median(grid_times), statistics.median(scan_times)
    print(
        f"département activity grid: median {grid_median * 1000:.0f} ms, p95 {_p95(grid_times) * 1000:.0f} ms ({args.runs} runs)"
    )
    print(
        f"bare count(*) scan:        median {scan_median * 1000:.0f} ms, p95 {_p95(scan_times) * 1000:.0f} ms"
    )
    print(f"ratio grid / scan (medians): {grid_median / scan_median:.2f}")
    met = grid_median <= 1.0 and grid_median <= 3 * scan_median
    print("target (<= 1 s and <= 3x the scan):", "met" if met else "NOT met")
    # For the record: the same grid counted from the events (the path taken when a grid's
    # definition changed and its cells were not counted afresh yet).
    events_times = _time(grid_from_events, 2)
    print(
        f"the same grid counted from the events: median {statistics.median(events_times) * 1000:.0f} ms (2 runs)"
    )


if __name__ == "__main__":
    main()
