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
