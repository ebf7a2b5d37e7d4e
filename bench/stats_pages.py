"""The statistics pages through the views, on sparse data where suppression runs.

    .venv/bin/python bench/stats_pages.py --households 800 --offices 8
    .venv/bin/python bench/stats_pages.py --demo

    .venv/bin/python bench/stats_pages.py --households 100000 --offices 40 --mixed

Target (issue 19): every statistics page p95 ≤ 300 ms, on the demo and on sparse data.

The data: bench/stats_grid.py's record of N households over K offices (800 over 8: about
100 households an office, one year, so many cells of an office's grid are small and the
joint protection withholds them), or the demo (`--demo`: 4 offices, 300 households), or a
département's shape (`--mixed`: 16 small offices of 60 to 1,000 households, as town
social-action centres, beside large ones sharing the rest: suppression runs in the small
ones, and every grid of the département is linked to all of them). First
the task's work is timed once per year (`publish_year`: fold the tally changes, decide the
joint protection with its linear programmes, store every grid for every scope); then the
pages a manager of one office and a statistician see: each grid of the office and of the
département for the latest full year, the trends page (five years), a CSV export. Each
page is a GET through the Django test client (middleware, audit event, rendering). The
number of withheld cells of the office's publication is printed: suppression did run.
"""

import argparse
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from common import machine, measure, row, setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--offices", type=int, default=32)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument(
        "--mixed",
        action="store_true",
        help="offices of a département's sizes: 16 small ones (60 to 1,000 households) "
        "beside --offices minus 16 large ones sharing the rest",
    )
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    name = "stats-demo" if args.demo else f"stats-{args.households}-{args.offices}"
    if args.mixed:
        name += "-mixed"
    setup_django(name)
    import time

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from lien.accounts.models import OfficeMembership, User
    from lien.accounts.roles import Role
    from lien.offices.models import Office
    from lien.stats import tally
    from lien.stats.definitions import grid_codes
    from lien.stats.models import Publication, StatEvent, StatYear

    if not StatEvent.objects.exists():
        print("Building the data…", flush=True)
        if args.demo:
            call_command("seed_demo", verbosity=0)
        else:
            # bench/stats_grid.py's record: about 10 events a household, one year,
            # categories drawn uniformly; with about 100 households an office its tables
            # are sparse and many counts small.
            import random

            import stats_grid

            stats_grid.OFFICES = args.offices
            if args.mixed:
                small = [1000, 850, 700, 600, 500, 400, 350, 300, 260, 220, 180, 150, 120]
                small += [100, 80, 60]  # the last office is the smallest
                large = args.offices - len(small)
                share = (args.households - sum(small)) // large
                stats_grid.SIZES = [share] * large + small
            stats_grid._build(args.households, random.Random(5))
            tally.rebuild(stats_grid.YEAR)
            pairs = StatEvent.objects.values_list("year", "office_id").distinct().order_by()
            StatYear.objects.bulk_create(
                [StatYear(year=y, office_id=o) for y, o in pairs], ignore_conflicts=True
            )
    from lien.stats.publication import publish_year

    recorded = sorted(set(StatYear.objects.values_list("year", flat=True)))
    # The trends page shows five years: each published (empty years too) beforehand.
    years = list(range(recorded[-1] - 4, recorded[-1] + 1))
    load = os.getloadavg()
    print(f"{name} — {machine()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    for year in years:
        started, cpu = time.perf_counter(), time.process_time()
        release = publish_year(year)
        print(
            f"publish_year({year}): {time.perf_counter() - started:6.1f} s elapsed, "
            f"{time.process_time() - cpu:6.1f} s processor, "
            f"{release.figures.get('programmes', '?')} linear programmes"
        )
    year = recorded[-1] if not args.demo else timezone.localdate().year - 1
    # The office shown to the manager: the smallest one, where suppression runs most.
    office = (
        Office.objects.order_by("pk").last()
        if args.mixed
        else Office.objects.order_by("pk").first()
    )
    manager, _created = User.objects.get_or_create(username="bench-manager")
    OfficeMembership.objects.get_or_create(user=manager, office=office, role=Role.MANAGER)
    statistician, _created = User.objects.get_or_create(username="bench-statistician")
    OfficeMembership.objects.get_or_create(user=statistician, office=office, role=Role.STATISTICIAN)
    withheld = sum(
        1
        for publication in Publication.objects.filter(year=year, scope=str(office.pk))
        for cells in publication.tables.values()
        for value in cells.values()
        if value is None
    )
    shown = sum(
        1
        for publication in Publication.objects.filter(year=year, scope=str(office.pk))
        for cells in publication.tables.values()
        for value in cells.values()
        if value is not None
    )
    print(f"office {office.code}, {year}: {withheld} cells withheld, {shown} shown")

    def page(client, url, status=200):
        def get():
            response = client.get(url)
            assert response.status_code == status, (url, response.status_code)

        return get

    for who, user, scope in [
        ("manager", manager, office.code),
        ("statistician", statistician, "all"),
    ]:
        if user is None:
            continue
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for grid in grid_codes():
            url = f"/statistics/?grid={grid}&office={scope}&year={year}"
            print(row(f"{who}: {grid}, {scope}", measure(page(client, url), repeat=args.repeat)))
        url = f"/statistics/trends/?grid=activity&office={scope}&year={year}"
        print(row(f"{who}: trends, {scope}", measure(page(client, url), repeat=args.repeat)))
        # The export is prepared by the task worker: the request asks for it and sends the
        # agent to the prepared file's page (302); what the agent waits for here.
        url = f"/statistics/export/csv/?grid=activity&office={scope}&year={year}"
        print(
            row(
                f"{who}: CSV export asked, {scope}",
                measure(page(client, url, status=302), repeat=args.repeat),
            )
        )
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
