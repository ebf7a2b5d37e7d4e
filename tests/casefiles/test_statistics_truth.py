"""One truth for "feeds statistics": every catalogue item that declares a statistical use
is found, coarsened as it declares, in the statistical record and in the register of
processing. An item added to the catalogue with a statistical use and no field in the
record fails here (test_every_declared_use_has_a_field_of_the_record)."""

from datetime import date

import pytest
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from lien.accounts.roles import Role
from lien.casefiles import statistics
from lien.casefiles.households import services as household_services
from lien.casefiles.problems import services as problem_services
from lien.casefiles.situation import services as situation_services
from lien.catalog.loader import load_catalog
from lien.catalog.models import Family, Item, Status
from lien.catalog.value_types import ValueType, statistical_value
from lien.privacy.register.render import render_html
from lien.stats.definitions import grid_codes, load_grid
from lien.stats.models import SITUATION_DIMENSIONS, Kind, StatEvent

from ..factories import ItemFactory, OfficeFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_items():
    load_catalog()
    return list(Item.objects.filter(feeds_statistics=True, status=Status.ACTIVE))


def _sample(item: Item) -> str:
    """A value of the item's type, as a file stores it."""
    if item.value_type in (ValueType.CHOICE, ValueType.MULTIPLE_CHOICE):
        return item.choices[-1]["code"]
    return {
        ValueType.YES_NO: "yes",
        ValueType.INTEGER: "47",
        ValueType.AMOUNT: "850.00",
        ValueType.DATE: "1950-02-03",
    }[item.value_type]


def test_every_declared_use_has_a_field_of_the_record(catalog_items):
    assert len(catalog_items) > 30
    unrecorded = [item.code for item in catalog_items if statistics.recorded_as(item) is None]
    assert unrecorded == [], (
        "items declared as feeding statistics with no field of the statistical record: "
        "add the field to lien/stats/models.py (SITUATION_DIMENSIONS) or stop declaring it"
    )


def test_every_field_of_the_situation_is_fed_by_an_item(catalog_items):
    """The other way round: no field of the record waits for an item that is not there."""
    fed = {statistics.recorded_as(item) for item in catalog_items}
    assert set(SITUATION_DIMENSIONS) <= fed


def test_every_situation_item_is_found_coarsened_in_the_record(catalog_items):
    office = OfficeFactory()
    secretary, worker = member(Role.SECRETARY, office), member(Role.SOCIAL_WORKER, office)
    casefile = household_services.register_household(
        actor=secretary,
        office_id=office.pk,
        reference=household_services.PersonData(
            birth_name="Martin", first_names="Claire", birth_date=date(1980, 5, 17), sex="F"
        ),
        opened_on=timezone.localdate(),
    )
    situation_items = [i for i in catalog_items if i.family in statistics.SITUATION_FAMILIES]
    assert {i.family for i in situation_items} == set(statistics.SITUATION_FAMILIES)
    expected = {}
    for item in situation_items:
        situation_services.record_situation(
            actor=worker, casefile_id=casefile.pk, item_id=item.pk, value=_sample(item)
        )
        expected[statistics.recorded_as(item)] = statistical_value(
            item, _sample(item), on=timezone.localdate()
        )
    assert all(expected.values())
    # Recorded when the value changed (the household already had its first event)…
    row = StatEvent.objects.get(kind=Kind.SITUATION, office=office)
    assert {name: getattr(row, name) for name in expected} == expected
    # …and at the first event of the year, for a household that had none yet.
    StatEvent.objects.all().delete()
    problem_services.open_problem(
        actor=worker,
        casefile_id=casefile.pk,
        item_id=Item.objects.get(code="pb-housing").pk,
        opened_on=timezone.localdate(),
    )
    row = StatEvent.objects.get(kind=Kind.SITUATION, office=office)
    assert {name: getattr(row, name) for name in expected} == expected


def test_the_register_says_what_the_record_counts(catalog_items):
    with override("fr"):
        register = render_html("register")
        for item in catalog_items:
            label = statistics.dimension_label(statistics.recorded_as(item))
            assert escape(f"compté comme : {label}") in register, item.code


def test_an_item_declared_for_statistics_without_a_field_is_caught(catalog_items):
    """What the first test guards against, shown: such an item is not recorded, the
    register says it is not counted, and the first test's check names it."""
    stray = ItemFactory(
        code="pets-at-home",
        family=Family.SITUATION,
        value_type=ValueType.YES_NO,
        feeds_statistics=True,
        coarsening="as_is",
    )
    assert statistics.recorded_as(stray) is None
    with override("fr"):
        assert "déclaré, mais non compté" in render_html("register")


def test_every_field_fed_by_the_catalog_is_counted_in_a_grid():
    """The grids cannot leave out what the catalogue says is counted."""
    cut = {
        axis.field
        for code in grid_codes()
        for table in load_grid(code).tables
        for axis in (table.rows, table.columns)
        if axis is not None
    }
    assert set(SITUATION_DIMENSIONS) - cut == set()


def test_the_activity_grid_is_at_the_departements_scale():
    """The département's paper grid had 232 items; the activity grid's inner cells come
    close, its margins added."""
    tables = load_grid("activity").tables
    inner = sum(len(t.row_values) * len(t.column_values) for t in tables)
    assert inner >= 200
