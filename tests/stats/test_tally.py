"""The grid cells kept at source: distinct households counted once, situations moved
between cells when completed, and a changed grid definition counted from the events."""

from datetime import date

import pytest

from lien.stats import tally
from lien.stats.compute import count_grid
from lien.stats.definitions import load_grid, shipped_text
from lien.stats.models import GridVersion
from lien.stats.selectors import published_grid
from lien.stats.services import complete_situation, record_event

from ..factories import OfficeFactory

pytestmark = pytest.mark.django_db
YEAR = 2023


def _problems(office, household_id, *families):
    for family in families:
        record_event(
            kind="problem_opened",
            day=date(YEAR, 3, 1),
            office_id=office.pk,
            household_id=household_id,
            situation={"household_status": "new"},
            problem_family=family,
        )


def _kept(grid_code, table, office):
    grid = load_grid(grid_code)
    return tally.kept_counts(grid, YEAR, [office.pk])[table][office.pk]


def test_a_household_counts_once_per_cell_of_a_households_table():
    office = OfficeFactory()
    _problems(office, 1, "pb-housing", "pb-housing", "pb-violence")
    _problems(office, 2, "pb-housing")
    grid = load_grid("activity")
    rows = grid.table("problems").row_values
    kept = _kept("activity", "problems", office)
    assert kept[rows.index("pb-housing")][0] == 2
    assert kept[rows.index("pb-violence")][0] == 1
    assert kept == count_grid(grid, YEAR, [office.pk])["problems"][office.pk]


def test_completing_a_situation_moves_the_household_between_cells():
    office = OfficeFactory()
    _problems(office, 1, "pb-housing")
    complete_situation(office_id=office.pk, household_id=1, housing="owner")
    rows = load_grid("activity").table("housing").row_values
    kept = _kept("activity", "housing", office)
    assert kept[rows.index("owner")][0] == 1
    assert kept[rows.index("")][0] == 0
    # A known value is never overwritten.
    complete_situation(office_id=office.pk, household_id=1, housing="hosted")
    assert _kept("activity", "housing", office)[rows.index("owner")][0] == 1


def test_a_changed_definition_is_counted_from_the_events():
    office = OfficeFactory()
    _problems(office, 1, "pb-housing")
    # A version of the grid in force from the year: the same tables, another text.
    edited = shipped_text("activity") + "\n# edited\n"
    GridVersion.objects.create(grid="activity", number=1, valid_from=YEAR, definition=edited)
    assert tally.kept_counts(load_grid("activity", YEAR), YEAR, [office.pk]) is None
    published = published_grid(
        office_ids={office.pk}, grid_code="activity", year=YEAR, office_id=office.pk
    )
    assert published.tables[0].rows[0].cells[0].value is None  # 1 household: "s"
    tally.rebuild(YEAR)
    assert tally.kept_counts(load_grid("activity", YEAR), YEAR, [office.pk]) is not None
