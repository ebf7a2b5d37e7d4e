"""Person search, file page and caseload page over a synthetic département.

    .venv/bin/python bench/search_and_pages.py --households 100000

Targets (issue "Scale"): search p95 ≤ 100 ms on SQLite, ≤ 50 ms on PostgreSQL; file page
and caseload p95 server time ≤ 100 ms with a constant number of queries. The baseline is
a primary-key lookup of one person, measured in the same run.
"""

import argparse
import random

from common import machine, measure, row, setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    setup_django(f"synthetic-{args.households}")

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lien.accounts.models import User
    from lien.casefiles.households.selectors import search_persons
    from lien.casefiles.models import CaseFile, Person
    from lien.demo.synthetic import SyntheticDepartement

    if not Person.objects.exists():
        print(f"Building {args.households:,} households…")
        SyntheticDepartement(households=args.households).run()
        if connection.vendor == "postgresql":
            # A fresh bulk load has no planner statistics until autovacuum comes by:
            # measure what a running database would do.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    rng = random.Random(7)
    persons = Person.objects.count()
    worker = User.objects.get(username="syn-as1-01")
    names = list(
        Person.objects.filter(memberships__household__casefiles__office__code="syn-01").values_list(
            "birth_name", "first_names"
        )[:2000]
    )
    queries = [f"{b[: rng.randint(3, 6)]} {f[:3]}" if rng.random() < 0.5 else b for b, f in names]
    pks = list(Person.objects.values_list("pk", flat=True)[:5000])

    print(f"{persons:,} persons, {CaseFile.objects.count():,} files — {machine()}")
    baseline = measure(lambda: Person.objects.get(pk=rng.choice(pks)), repeat=args.repeat)
    print(row("baseline: person by primary key", baseline))
    search = measure(
        lambda: search_persons(actor=worker, query=rng.choice(queries)), repeat=args.repeat
    )
    print(row("person search (own offices)", search, baseline))

    client = Client(HTTP_HOST="localhost")
    client.force_login(worker)
    files = list(CaseFile.objects.filter(office__code="syn-01").values_list("pk", flat=True)[:500])

    def page(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    counts = set()
    for pk in files[:20]:
        with CaptureQueriesContext(connection) as captured:
            page(f"/files/{pk}/")
        counts.add(len(captured))
    file_page = measure(lambda: page(f"/files/{rng.choice(files)}/"), repeat=args.repeat)
    print(row("file page (server time)", file_page, baseline, f"queries: {sorted(counts)}"))
    # The home page shows the first page of the open files; the caseload page with "all"
    # pages through about 850 files (open ones first).
    for label, urls in [
        ("caseload page (server time)", ["/"]),
        ("caseload, all files, pages 1–3", [f"/caseload/?status=all&page={n}" for n in (1, 2, 3)]),
    ]:
        counts = set()
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                page(url)
            counts.add(len(captured))  # read now: the query log is a bounded deque
        caseload = measure(lambda urls=urls: page(rng.choice(urls)), repeat=args.repeat)
        print(row(label, caseload, baseline, f"queries: {sorted(counts)}"))


if __name__ == "__main__":
    main()
