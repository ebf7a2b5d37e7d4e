"""The reste à vivre, against examples worked by hand and properties that hold for any
household: the OECD-modified scale (1, 0.5 from 14 years, 0.3 under 14) at the budget's
date, the month as 30 days."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lien.casefiles.budget.computation import (
    age_at,
    cents,
    consumption_units,
    remaining,
)
from lien.catalog.coarsening import remaining_band


def test_a_couple_with_two_children_worked_by_hand():
    # Income: wages 1 450 + allocations familiales 148,52 + APL 312 = 1 910,52 €.
    # Charges: rent 780 + energy 95 + insurance 42,50 + debt plan 120 = 1 037,50 €.
    # Reste à vivre: 873,02 € a month, 29,10 € a day.
    # Units: 1 (first adult) + 0.5 (other adult) + 0.3 + 0.3 (children of 9 and 4) = 2.1.
    # Per unit: 873,02 / 2.1 = 415,72 € a month, 13,86 € a day.
    figures = remaining(
        [Decimal("1450"), Decimal("148.52"), Decimal("312")],
        [Decimal("780"), Decimal("95"), Decimal("42.50"), Decimal("120")],
        [41, 38, 9, 4],
    )
    assert figures.income == Decimal("1910.52")
    assert figures.charges == Decimal("1037.50")
    assert figures.monthly == Decimal("873.02")
    assert cents(figures.per_day) == Decimal("29.10")
    assert figures.units == Decimal("2.1")
    assert cents(figures.per_unit) == Decimal("415.72")
    assert cents(figures.per_unit_per_day) == Decimal("13.86")
    assert remaining_band(figures.per_unit_per_day) == "10-14"


def test_a_single_person_on_rsa_worked_by_hand():
    # RSA 607,75 € (single person with housing benefit deducted as flat rate: 534,81 €),
    # APL 280 €; rent 520 €, energy 60 €: 234,81 € left, 7,83 € a day for 1 unit.
    figures = remaining([Decimal("534.81"), Decimal("280")], [Decimal("520"), Decimal("60")], [52])
    assert figures.monthly == Decimal("234.81")
    assert figures.units == 1
    assert cents(figures.per_unit_per_day) == Decimal("7.83")
    assert remaining_band(figures.per_unit_per_day) == "5-9"


def test_a_household_in_debt_has_a_negative_reste_a_vivre():
    # A single parent with a teenager of 15: 1 + 0.5 = 1.5 units; 900 in, 1 050 out.
    figures = remaining([Decimal("900")], [Decimal("1050")], [35, 15])
    assert figures.monthly == Decimal("-150")
    assert figures.units == Decimal("1.5")
    assert cents(figures.per_unit_per_day) == Decimal("-3.33")
    assert remaining_band(figures.per_unit_per_day) == "<0"


def test_ages_are_taken_at_the_budget_date():
    # 14 on the day of the budget counts 0.5; the day before, 0.3.
    born = date(2012, 6, 15)
    assert age_at(born, date(2026, 6, 15)) == 14
    assert age_at(born, date(2026, 6, 14)) == 13
    assert consumption_units([40, age_at(born, date(2026, 6, 15))]) == Decimal("1.5")
    assert consumption_units([40, age_at(born, date(2026, 6, 14))]) == Decimal("1.3")


def test_an_unknown_age_counts_as_14_or_more_and_a_first_person_as_1():
    assert consumption_units([None]) == 1
    assert consumption_units([30, None]) == Decimal("1.5")
    assert consumption_units([]) == 0
    assert remaining([], [], []).per_unit is None


ages = st.lists(
    st.one_of(st.none(), st.integers(min_value=0, max_value=105)), min_size=1, max_size=8
)
amounts = st.lists(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("20000"), places=2), max_size=6
)


@given(ages=ages)
def test_units_are_between_the_scale_bounds(ages):
    units = consumption_units(ages)
    # At least 1; at most 1 + 0.5 per other person.
    assert 1 <= units <= 1 + Decimal("0.5") * (len(ages) - 1)


@given(ages=ages, age=st.integers(min_value=0, max_value=105))
def test_one_more_person_adds_0_3_or_0_5(ages, age):
    added = consumption_units([*ages, age]) - consumption_units(ages)
    assert added in (Decimal("0.3"), Decimal("0.5"), Decimal("0.7"))
    # (0.7 only when the household had children alone and an adult joins: the first
    # person aged 14 or more takes the 1.)


@given(incomes=amounts, charges=amounts, ages=ages)
def test_the_reste_a_vivre_is_income_minus_charges_shared_by_units(incomes, charges, ages):
    figures = remaining(incomes, charges, ages)
    assert figures.monthly == sum(incomes, Decimal(0)) - sum(charges, Decimal(0))
    assert abs(figures.per_unit * figures.units - figures.monthly) < Decimal("0.000001")
    assert abs(figures.per_day * 30 - figures.monthly) < Decimal("0.000001")
    # More income never lowers the reste à vivre; more charges never raise it.
    assert remaining([*incomes, Decimal(1)], charges, ages).monthly > figures.monthly
    assert remaining(incomes, [*charges, Decimal(1)], ages).monthly < figures.monthly


@given(incomes=amounts, charges=amounts, ages=ages)
def test_the_band_follows_the_sign_and_never_holds_the_amount(incomes, charges, ages):
    band = remaining_band(remaining(incomes, charges, ages).per_unit_per_day)
    assert band in {"<0", "0-4", "5-9", "10-14", "15-19", "20+"}
    assert (band == "<0") == (sum(incomes, Decimal(0)) < sum(charges, Decimal(0)))


def test_figures_are_shown_rounded_half_up_to_the_cent():
    # 157,75 / 30 = 5,258…: shown 5,26 (cutting the digits would show 5,25).
    shown = remaining([Decimal("607.75")], [Decimal("450")], [40]).shown
    assert shown.per_day == Decimal("5.26") and shown.per_unit_per_day == Decimal("5.26")
    assert shown.monthly == Decimal("157.75")
