"""Prints the load test's figures from locust's CSV summaries, and judges the targets.

    python bench/load/report.py var/bench/load/reads-on_stats.csv var/bench/load/reads-off_stats.csv

Targets (issue 8): no failure, p95 at most 250 ms over all requests, and the throughput
with every read logged at least 90 % of the throughput without. Exits 1 if one is missed.
"""

import csv
import sys

P95_TARGET_MS = 250
RATIO_TARGET = 0.90


def rows(path: str) -> dict[str, dict]:
    with open(path, newline="") as f:
        return {row["Name"]: row for row in csv.DictReader(f)}


def line(label: str, row: dict) -> str:
    return (
        f"{label:<28} {int(row['Request Count']):>7} {int(row['Failure Count']):>8} "
        f"{float(row['50%']):>8.0f} {float(row['95%']):>8.0f} {float(row['Requests/s']):>9.2f}"
    )


def main(logged_path: str, unlogged_path: str) -> int:
    logged, unlogged = rows(logged_path), rows(unlogged_path)
    header = f"{'':<28} {'requests':>7} {'failures':>8} {'median':>8} {'p95 ms':>8} {'req/s':>9}"
    for title, stats in (("reads logged", logged), ("reads not logged", unlogged)):
        print(f"\n{title}\n{header}")
        for name, row in sorted(stats.items()):
            if name != "Aggregated":
                print(line(f"  {name}", row))
        print(line("  all requests", stats["Aggregated"]))
    on, off = logged["Aggregated"], unlogged["Aggregated"]
    ratio = float(on["Requests/s"]) / float(off["Requests/s"])
    print(
        f"\nthroughput with reads logged / without: {ratio:.1%} "
        f"(median {float(on['50%']):.0f} ms against {float(off['50%']):.0f} ms, "
        f"p95 {float(on['95%']):.0f} ms against {float(off['95%']):.0f} ms)"
    )
    missed = []
    for label, row in (("reads logged", on), ("reads not logged", off)):
        if int(row["Failure Count"]):
            missed.append(f"{label}: {row['Failure Count']} failures")
        if float(row["95%"]) > P95_TARGET_MS:
            missed.append(f"{label}: p95 {float(row['95%']):.0f} ms > {P95_TARGET_MS} ms")
    if ratio < RATIO_TARGET:
        missed.append(f"throughput ratio {ratio:.1%} < {RATIO_TARGET:.0%}")
    print("targets: " + ("met" if not missed else "NOT MET — " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
