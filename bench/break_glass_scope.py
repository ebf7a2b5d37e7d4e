"""What break-glass costs the normal path, over a synthetic département.

    .venv/bin/python bench/break_glass_scope.py --households 10000

`scope.py` reads a social worker's running grants once per user object (one indexed
query, and none for other roles) and adds `OR id IN (…)` only when there is one. Measured
here, interleaved in one process on the same data, each call with a fresh user object as
in a request: the person search and the file page of a social worker with no grant, the
same with the grant lookup switched off (the code before break-glass), and with one
running grant.
"""

import argparse
import random
from datetime import timedelta

from common import machine, measure, row, setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    setup_django(f"synthetic-{args.households}")

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from lien.accounts.models import User
    from lien.casefiles import scope
    from lien.casefiles.break_glass.models import BreakGlassGrant
    from lien.casefiles.households.selectors import search_persons
    from lien.casefiles.models import CaseFile, Person
    from lien.demo.synthetic import SyntheticDepartement

    if not Person.objects.exists():
        print(f"Building {args.households:,} households…")
        SyntheticDepartement(households=args.households).run()
    rng = random.Random(7)
    names = list(
        Person.objects.filter(memberships__household__casefiles__office__code="syn-01").values_list(
            "birth_name", flat=True
        )[:2000]
    )
    files = list(CaseFile.objects.filter(office__code="syn-01").values_list("pk", flat=True)[:500])
    elsewhere = CaseFile.objects.exclude(office__code="syn-01").order_by("pk").first()
    BreakGlassGrant.objects.filter(casefile=elsewhere).delete()
    print(f"{Person.objects.count():,} persons — {machine()}")

    def fresh_worker():
        return User.objects.get(username="syn-as1-01")

    def search():
        search_persons(actor=fresh_worker(), query=rng.choice(names))

    client = Client(HTTP_HOST="localhost")
    client.force_login(fresh_worker())

    def file_page():
        assert client.get(f"/files/{rng.choice(files)}/").status_code == 200

    def queries_of_file_page() -> int:
        """On one and the same file: the count depends on what the file holds."""
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/files/{files[0]}/").status_code == 200
        return len(captured)

    real = scope.granted_file_ids

    def variants():
        scope.granted_file_ids = lambda actor: frozenset()
        yield "grant lookup off (before)"
        scope.granted_file_ids = real
        yield "no grant (after)"
        BreakGlassGrant.objects.create(
            actor=fresh_worker(),
            casefile=elsewhere,
            reason="bench",
            expires_at=timezone.now() + timedelta(hours=1),
        )
        yield "one running grant"
        BreakGlassGrant.objects.filter(casefile=elsewhere).delete()

    for label in variants():
        timings = measure(search, repeat=args.repeat)
        print(row(f"search, {label}", timings))
        count = queries_of_file_page()
        timings = measure(file_page, repeat=args.repeat)
        print(row(f"file page, {label}", timings, extra=f"queries: {count}"))
    lookup = measure(lambda: real(fresh_worker()), repeat=args.repeat)
    fetch = measure(fresh_worker, repeat=args.repeat)
    print(row("user fetch + grant lookup", lookup, fetch, "baseline: user fetch alone"))


if __name__ == "__main__":
    main()
