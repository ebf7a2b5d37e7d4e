from io import StringIO

import pytest
from django.core.management import call_command

from lien.accounts.models import User
from lien.casefiles.households.selectors import search_persons
from lien.casefiles.models import CaseFile, HouseholdMember, Intervention, Person
from lien.demo.synthetic import SyntheticDepartement

pytestmark = pytest.mark.django_db


def test_synthetic_departement_is_realistic_and_deterministic():
    call_command(
        "seed_synthetic", households=60, offices=3, seed=5, stdout=StringIO(), stderr=StringIO()
    )
    assert CaseFile.objects.count() == 60
    assert HouseholdMember.objects.filter(relationship="reference").count() == 60
    assert Person.objects.count() > 60
    assert Intervention.objects.count() >= 60 * 4
    # The data is searchable and office-scoped like any other.
    worker = User.objects.get(username="syn-as1-01")
    name = (
        Person.objects.filter(memberships__household__casefiles__office__code="syn-01")
        .first()
        .birth_name
    )
    assert search_persons(actor=worker, query=name)


def test_same_seed_gives_the_same_people():
    a, b, c = (SyntheticDepartement(households=1, seed=s) for s in (9, 9, 10))
    assert a.last_names == b.last_names and a.female_names == b.female_names
    assert [a.random.random() for _ in range(5)] == [b.random.random() for _ in range(5)]
    assert a.last_names != c.last_names


def _structure() -> list[tuple]:
    """What a bench measures over: the households, their people, offices and acts, not
    their dates."""
    files = CaseFile.objects.order_by("pk").select_related("office", "referent")
    return [
        (
            f.office.code,
            f.referent.username,
            sorted(
                (m.person.birth_name, m.person.first_names, m.relationship)
                for m in f.household.members.select_related("person")
            ),
            f.problems.count(),
            f.interventions.count(),
            f.aid_requests.count(),
            f.visits.count(),
            f.appointments.count(),
        )
        for f in files
    ]


def test_the_same_departement_whatever_the_day_it_is_built():
    """Its dates follow the day, its households and acts do not: two benches built on
    different days measure the same data."""
    from datetime import date

    from django.db import transaction

    built = []
    for today in (date(2026, 12, 4), date(2027, 3, 1)):
        with transaction.atomic():
            SyntheticDepartement(households=40, offices=2, seed=3, today=today).run()
            built.append(_structure())
            transaction.set_rollback(True)
    assert built[0] and built[0] == built[1]
