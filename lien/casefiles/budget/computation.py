"""The arithmetic of the household budget sheet, apart from the database so that it can be
checked against hand-worked examples and properties.

The "reste à vivre" is what the household has left each month once its charges are paid:
income minus charges. Workers read it per day (the month taken as 30 days, as the CAF and
the départements' aid rules do) and per consumption unit, on the OECD-modified scale that
INSEE uses in France: 1 for the first person aged 14 or more, 0.5 for each other person
aged 14 or more, 0.3 for each child under 14, ages taken at the budget's date.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DAYS_IN_MONTH = Decimal(30)
FIRST_ADULT = Decimal("1")
OTHER_ADULT = Decimal("0.5")
CHILD = Decimal("0.3")
ADULT_AGE = 14
CENT = Decimal("0.01")


def age_at(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def consumption_units(ages: Iterable[int | None]) -> Decimal:
    """The household's consumption units from its members' ages at the budget's date. An
    unknown age counts as 14 or more (the scale's larger share: the reste à vivre is not
    made to look better than it is). A household of children alone (never in practice)
    still counts its first person as 1."""
    ages = list(ages)
    if not ages:
        return Decimal(0)
    adults = sum(1 for age in ages if age is None or age >= ADULT_AGE)
    children = len(ages) - adults
    if adults == 0:
        return FIRST_ADULT + CHILD * (children - 1)
    return FIRST_ADULT + OTHER_ADULT * (adults - 1) + CHILD * children


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Remaining:
    """The totals of one budget sheet and its reste à vivre, exact (rounded only when
    shown)."""

    income: Decimal
    charges: Decimal
    units: Decimal

    @property
    def monthly(self) -> Decimal:
        return self.income - self.charges

    @property
    def per_day(self) -> Decimal:
        return self.monthly / DAYS_IN_MONTH

    @property
    def per_unit(self) -> Decimal | None:
        """Monthly, per consumption unit; None for a household without members."""
        return self.monthly / self.units if self.units else None

    @property
    def per_unit_per_day(self) -> Decimal | None:
        per_unit = self.per_unit
        return per_unit / DAYS_IN_MONTH if per_unit is not None else None

    @property
    def shown(self) -> "ShownFigures":
        """Rounded to the cent, half up, as pages and PDFs show them (Django's number
        format would cut the extra digits, not round them)."""
        return ShownFigures(
            income=cents(self.income),
            charges=cents(self.charges),
            units=self.units,
            monthly=cents(self.monthly),
            per_day=cents(self.per_day),
            per_unit=cents(self.per_unit) if self.per_unit is not None else None,
            per_unit_per_day=(
                cents(self.per_unit_per_day) if self.per_unit_per_day is not None else None
            ),
        )


@dataclass(frozen=True)
class ShownFigures:
    income: Decimal
    charges: Decimal
    units: Decimal
    monthly: Decimal
    per_day: Decimal
    per_unit: Decimal | None
    per_unit_per_day: Decimal | None


def remaining(
    incomes: Iterable[Decimal], charges: Iterable[Decimal], ages: Iterable[int | None]
) -> Remaining:
    return Remaining(
        income=sum(incomes, Decimal(0)),
        charges=sum(charges, Decimal(0)),
        units=consumption_units(ages),
    )
