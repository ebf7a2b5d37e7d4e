"""`lien.bulk.insert_rows`: rows written from plain tuples, as the ORM would write them."""

from datetime import date

import pytest
from django.utils import timezone

from lien import bulk
from lien.casefiles.models import CaseFile, FileStatus, Household

pytestmark = pytest.mark.django_db


def test_rows_get_their_values_converted_and_the_constant_defaults(world):
    now = timezone.now()
    households = bulk.reserve_ids(Household, 2)
    bulk.insert_rows(
        Household, ("id", "created_at", "updated_at"), [(h, now, now) for h in households]
    )
    ids = bulk.reserve_ids(CaseFile, 2)
    columns = ("id", "created_at", "updated_at", "household_id", "office_id", "opened_on")
    bulk.insert_rows(
        CaseFile,
        columns,
        [
            (pk, now, now, household, world.office.pk, date(2020, 2, 1))
            for pk, household in zip(ids, households, strict=True)
        ],
        batch_size=1,  # one batch per row: the last, partial batch is written too
    )
    files = CaseFile.objects.filter(pk__in=ids).order_by("pk")
    assert [f.pk for f in files] == ids
    for casefile in files:
        assert casefile.opened_on == date(2020, 2, 1) and casefile.created_at == now
        assert casefile.status == FileStatus.OPEN and casefile.version == 1
        assert casefile.referent_id is None and casefile.legal_hold is False
    assert set(Household.objects.filter(pk__in=households).values_list("version", flat=True)) == {1}
    # The next id reserved is past the rows written.
    assert bulk.reserve_ids(CaseFile, 1)[0] > ids[-1]


def test_a_column_whose_default_is_computed_must_be_given(world):
    with pytest.raises(ValueError, match="created_at"):
        bulk.insert_rows(Household, ("id",), [(bulk.reserve_ids(Household, 1)[0],)])
