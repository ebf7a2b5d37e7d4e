"""The town of residence in the statistical record: a big town by its code, the small
ones together, a town no office covers as outside, and the town table of the demo."""

import pytest
from django.test import override_settings
from django.utils import timezone

from lien.casefiles import statistics
from lien.casefiles.residence import TownsCovered
from lien.offices.models import Town
from lien.stats.definitions import load_grid
from lien.stats.models import Kind, StatEvent
from lien.stats.towns import OUTSIDE, SMALL, TOWNS_GRID, declare_town_grid, town_categories

from ..factories import CaseFileFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = OfficeFactory()
    office.towns.add(
        Town.objects.create(
            insee_code="93008", name="Bobigny", postal_code="93000", population=55000
        ),
        Town.objects.create(
            insee_code="93039", name="L'Île-Saint-Denis", postal_code="93450", population=4000
        ),
        Town.objects.create(insee_code="93099", name="Sans-Chiffre", postal_code="93999"),
    )
    return office


def test_a_town_is_held_by_its_code_only_when_it_is_big_enough(office):
    towns = TownsCovered()
    assert towns.coarse("93000", "Bobigny") == "93008"
    assert towns.coarse("", "BOBIGNY") == "93008"  # case and accents aside, no postal code
    assert towns.coarse("93450", "l'ile saint denis") == SMALL
    assert towns.coarse("93999", "Sans-Chiffre") == SMALL  # no population given: small
    assert towns.coarse("75001", "Paris") == OUTSIDE
    assert towns.coarse("", "") == ""


def test_the_size_is_the_installations(office):
    with override_settings(LIEN_STATS_TOWN_MIN_POPULATION=60000):
        assert TownsCovered().coarse("93000", "Bobigny") == SMALL
        assert [c.value for c in town_categories()] == [SMALL, OUTSIDE, ""]
    assert [c.value for c in town_categories()] == ["93008", SMALL, OUTSIDE, ""]


def test_the_situation_of_the_year_carries_the_coarse_town(office):
    big = CaseFileFactory(office=office, reference__town="Bobigny", reference__postal_code="93000")
    small = CaseFileFactory(office=office, reference__town="L'Île-Saint-Denis")
    today = timezone.localdate()
    statistics.record(big, Kind.VISIT, today)
    statistics.record_many([(small, Kind.VISIT, today, {})])
    situations = StatEvent.objects.filter(kind=Kind.SITUATION, office=office)
    assert sorted(situations.values_list("town", flat=True)) == ["93008", SMALL]
    # No name of a small town, no postal code: only the codes of the big ones.
    assert set(StatEvent.objects.values_list("town", flat=True)) <= {"93008", SMALL}


def test_the_town_grid_is_declared_once_with_todays_towns(office):
    assert declare_town_grid(valid_from=2020)
    assert not declare_town_grid(valid_from=2021)
    table = load_grid(TOWNS_GRID, 2020).tables[0]
    assert table.rows.field == "town"
    assert table.row_values == ["93008", SMALL, OUTSIDE, ""]
    assert table.row_label("93008") == "Bobigny"
    with pytest.raises(LookupError):
        load_grid(TOWNS_GRID, 2019)  # not in force before its year
