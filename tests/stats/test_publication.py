"""A year's protection is decided once for every grid and scope, stored, reused by
pages, trends and exports, and decided again when a count it rests on changes."""

import json
from datetime import date
from unittest import mock

import pytest
from django.core.management import call_command

from lien.stats import protection
from lien.stats.models import ProtectedYear
from lien.stats.selectors import grid_trends, published_grid
from lien.stats.services import record_event

from ..factories import OfficeFactory

pytestmark = pytest.mark.django_db
YEAR = 2024
SITUATION = {"household_status": "new", "household_type": "single"}


def _households(office, count, start=0, **situation):
    for i in range(start, start + count):
        record_event(
            kind="visit",
            day=date(YEAR, 3, 1),
            office_id=office.pk,
            household_id=i,
            situation={**SITUATION, **situation},
        )


def _new_households(published) -> list:
    """The cells of the first table (households new and known) as shown."""
    return [row.cells[0].value for row in published.tables[0].rows]


def _grid(offices, office=None):
    return published_grid(
        office_ids={o.pk for o in offices},
        grid_code="activity",
        year=YEAR,
        office_id=office.pk if office else None,
    )


def test_the_departement_minus_the_other_offices_does_not_give_back_a_small_count():
    small, large, other = OfficeFactory(), OfficeFactory(), OfficeFactory()
    _households(small, 2)
    _households(large, 30, start=100)
    _households(other, 20, start=200)
    offices = [small, large, other]
    assert _new_households(_grid(offices, small))[0] is None  # 2 new households: withheld
    # Had the département's and the two other offices' counts all been shown, 2 would
    # come back by subtraction: one of them at least is withheld too.
    shown = [_new_households(_grid(offices, o))[0] for o in (large, other)]
    shown.append(_new_households(_grid(offices))[0])
    assert None in shown


def test_the_protection_is_decided_once_and_reused_by_pages_trends_and_exports(tmp_path):
    small, large = OfficeFactory(), OfficeFactory()
    _households(small, 3)
    _households(large, 40, start=100)
    offices = [small, large]
    first = _grid(offices, small)
    decided = ProtectedYear.objects.get(year=YEAR)
    with mock.patch.object(protection, "linprog", side_effect=AssertionError("solved again")):
        assert _new_households(_grid(offices, small)) == _new_households(first)
        grid_trends(office_ids={small.pk, large.pk}, grid_code="activity", years=[YEAR])
        output = tmp_path / "grid.json"
        call_command(
            "stats_grid",
            "activity",
            "--all",
            "--year",
            str(YEAR),
            "--format",
            "json",
            "--output",
            str(output),
            stdout=open("/dev/null", "w"),  # noqa: SIM115
        )
    exported = json.loads(output.read_text())
    shown = [row.cells[0].value for row in _grid(offices).tables[0].rows]
    assert [r["cells"][0] for r in exported["tables"][0]["rows"]] == [
        "s" if v is None else v for v in shown
    ]
    assert ProtectedYear.objects.get(year=YEAR).decided_at == decided.decided_at


def test_a_new_event_has_the_protection_decided_again():
    small, large = OfficeFactory(), OfficeFactory()
    _households(small, 3)
    _households(large, 40, start=100)
    offices = [small, large]
    assert _new_households(_grid(offices, small))[0] is None
    before = ProtectedYear.objects.get(year=YEAR).fingerprint
    _households(small, 5, start=50)  # now 8 new households: shown
    assert _new_households(_grid(offices, small))[0] == 8
    assert ProtectedYear.objects.get(year=YEAR).fingerprint != before


def test_stats_protect_decides_every_year_ahead():
    office = OfficeFactory()
    _households(office, 3)
    call_command("stats_protect", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ProtectedYear.objects.filter(year=YEAR).exists()
