"""Person search, file page and caseload page over a synthetic département, through the
views, as a social worker meets them.

    .venv/bin/python bench/search_and_pages.py --households 100000
    LIEN_PG_DURABLE=1 LIEN_PG_PORT=5443 .ci/with-throwaway-postgres \
        .venv/bin/python bench/search_and_pages.py --households 100000

Targets (issue 19): search through the view, p95 over every prefix from 2 letters, ≤ 50 ms
on PostgreSQL and ≤ 100 ms on SQLite at 250,000 persons; file page p95 ≤ 100 ms with the
query count checked in the same run. The baseline is a primary-key lookup of one person.

What the search box sends (`/persons/search/?q=…` with HX-Request, the page fragment
rendered, its audit event written): for the 12 most common birth names of the worker's
office, every prefix from 2 letters to the whole name ("ma", "mar", "mart", …), each
name with 3 letters of a first name ("martin jea"), and one typo per name (a letter
dropped or two swapped: the similar-name scoring runs when the exact search finds fewer
than 3). The query counts are taken on a fresh connection (Django's query log is a
bounded deque: read after a long build it reported [0]).
"""

import argparse
import os
import random
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

from common import (
    machine,
    measure,
    row,
    setup_django,
    synthetic_departement,
    task_worker_sealing,
    warm_up,
)


def _typo(name: str, rng: random.Random) -> str:
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    if rng.random() < 0.5:
        return name[:i] + name[i + 1 :]
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]


def _queries(url_of, client, connection) -> int:
    from django.test.utils import CaptureQueriesContext

    connection.close()  # a fresh connection: a fresh query log
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url_of, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, (url_of, response.status_code)
    return len(captured)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="the file and caseload pages without the searches (a few minutes less)",
    )
    args = parser.parse_args()
    setup_django(f"views-{args.households}")
    warm_up()

    from urllib.parse import urlencode

    from django.db import connection
    from django.test import Client

    from lien.accounts.models import User
    from lien.casefiles.models import CaseFile, HouseholdMember, Person

    synthetic_departement(args.households)
    rng = random.Random(7)
    persons = Person.objects.count()
    worker = User.objects.get(username="syn-as1-01")
    names = list(
        HouseholdMember.objects.filter(household__casefiles__office__code="syn-01").values_list(
            "person__birth_name", "person__first_names"
        )
    )
    common = [n for n, _count in Counter(b for b, _f in names).most_common(12)]
    first = dict(names)
    from lien.casefiles.search_key import normalise

    prefixes = sorted(
        {normalise(name)[:k] for name in common for k in range(2, len(normalise(name)) + 1)}
    )
    with_first = [f"{normalise(n)} {normalise(first[n])[:3]}" for n in common]
    typos = [_typo(normalise(n), rng) for n in common]
    pks = list(Person.objects.values_list("pk", flat=True)[:5000])
    load = os.getloadavg()
    print(f"{persons:,} persons, {CaseFile.objects.count():,} files — {machine()}")
    print(f"load average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"common names of syn-01: {', '.join(common)}")
    baseline = measure(lambda: Person.objects.get(pk=rng.choice(pks)), repeat=args.repeat)
    print(row("baseline: person by primary key", baseline))

    # The task worker seals the audit events of the requests meanwhile, as in production.
    with task_worker_sealing():
        client = Client(HTTP_HOST="localhost")
        client.force_login(worker)

        def search(term):
            response = client.get(
                f"/persons/search/?{urlencode({'q': term})}", HTTP_HX_REQUEST="true"
            )
            assert response.status_code == 200, (term, response.status_code)

        every = prefixes + with_first + typos
        searches = (
            []
            if args.pages_only
            else [
                ("search view, every prefix ≥ 2", prefixes),
                ("  of which 2 letters", [t for t in prefixes if len(t) == 2]),
                ("  of which 3 letters", [t for t in prefixes if len(t) == 3]),
                ("search view, name + 3 letters", with_first),
                ("search view, typos", typos),
            ]
        )
        for label, terms in searches:
            # Every term the same number of times, in a shuffled order.
            order = (terms * (args.repeat // len(terms) + 1))[: max(args.repeat, len(terms))]
            rng.shuffle(order)
            it = iter(order)
            timings = measure(lambda it=it: search(next(it)), repeat=len(order) - 3)
            print(row(label, timings, baseline, f"{len(terms)} terms"))
        if searches:
            sample = every[:: max(1, len(every) // 15)]
            counts = {
                _queries(f"/persons/search/?{urlencode({'q': t})}", client, connection)
                for t in sample
            }
            print(f"search view queries (fresh connection, 15 terms): {sorted(counts)}")

        files = list(
            CaseFile.objects.filter(office__code="syn-01").values_list("pk", flat=True)[:500]
        )

        def page(url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        counts = {_queries(f"/files/{pk}/", client, connection) for pk in files[:20]}
        file_page = measure(lambda: page(f"/files/{rng.choice(files)}/"), repeat=args.repeat)
        print(row("file page (server time)", file_page, baseline, f"queries: {sorted(counts)}"))
        for label, urls in [
            ("caseload page (server time)", ["/"]),
            (
                "caseload, all files, pages 1–3",
                [f"/caseload/?status=all&page={n}" for n in (1, 2, 3)],
            ),
        ]:
            counts = {_queries(url, client, connection) for url in urls}
            caseload = measure(lambda urls=urls: page(rng.choice(urls)), repeat=args.repeat)
            print(row(label, caseload, baseline, f"queries: {sorted(counts)}"))
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
