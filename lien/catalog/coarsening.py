"""How a catalogue value is made coarse before it may enter the statistical layer.

Pure functions with no import from the rest of Lien, so that the `stats` app can use them
without reaching the case files, the accounts or the privacy app. An item declares its
`coarsening`; `coarsen(method, value)` returns the category that statistics may hold, or
None when the value must not be counted at all. Which methods fit which type of value, and
how a stored value is read before it is coarsened, is said in `value_types`.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone


class Coarsening:
    """The methods an item may declare (stored as these strings)."""

    NONE = "none"  # does not feed statistics
    AS_IS = "as_is"  # already a coarse category (yes/no, a choice among a few)
    AGE_BAND = "age_band"  # a birth date or an age becomes an age band
    AMOUNT_BAND = "amount_band"  # an amount in euros becomes an amount band
    COUNT_BAND = "count_band"  # a count (children, persons) becomes 0, 1, 2, 3, 4+

    ALL = (NONE, AS_IS, AGE_BAND, AMOUNT_BAND, COUNT_BAND)


# (upper bound excluded, label); the last band is open. The bands of the national
# statistics on social action, so that grids stay comparable.
AGE_BANDS = ((18, "0-17"), (25, "18-24"), (40, "25-39"), (60, "40-59"), (75, "60-74"))
AGE_OPEN_BAND = "75+"
AMOUNT_BANDS = ((100, "0-99"), (300, "100-299"), (600, "300-599"), (1000, "600-999"))
AMOUNT_OPEN_BAND = "1000+"
COUNT_OPEN_BAND = "4+"
# The household budget's "reste à vivre" a day per consumption unit, in euros: the only
# figure of a budget that reaches statistics, and only as one of these bands.
REMAINING_NEGATIVE_BAND = "<0"
REMAINING_BANDS = ((5, "0-4"), (10, "5-9"), (15, "10-14"), (20, "15-19"))
REMAINING_OPEN_BAND = "20+"


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_band(age: int) -> str:
    for bound, label in AGE_BANDS:
        if age < bound:
            return label
    return AGE_OPEN_BAND


def amount_band(amount) -> str:
    value = Decimal(str(amount))
    for bound, label in AMOUNT_BANDS:
        if value < bound:
            return label
    return AMOUNT_OPEN_BAND


def remaining_band(per_unit_per_day) -> str | None:
    """The band of a reste à vivre a day per consumption unit; None when there is none
    (a budget of a household without members)."""
    if per_unit_per_day is None:
        return None
    value = Decimal(str(per_unit_per_day))
    if value < 0:
        return REMAINING_NEGATIVE_BAND
    for bound, label in REMAINING_BANDS:
        if value < bound:
            return label
    return REMAINING_OPEN_BAND


def count_band(count: int) -> str:
    return str(count) if count < 4 else COUNT_OPEN_BAND


def coarsen(method: str, value, *, on: date | None = None) -> str | None:
    """The statistical category of a value, or None when nothing may be counted.

    `value` is what the case file stores (a string) or a typed value; `on` is the day an
    age is computed at (a date value is read as a birth date).
    """
    if method == Coarsening.NONE or value in (None, "", []):
        return None
    try:
        if method == Coarsening.AS_IS:
            if isinstance(value, list | tuple):
                return "+".join(sorted(str(v) for v in value))
            return str(value)
        if method == Coarsening.AGE_BAND:
            if isinstance(value, str) and "-" in value:
                value = date.fromisoformat(value)
            if isinstance(value, date):
                value = age_on(value, on or timezone.localdate())
            return age_band(int(value))
        if method == Coarsening.AMOUNT_BAND:
            return amount_band(value)
        if method == Coarsening.COUNT_BAND:
            return count_band(int(value))
    except (ValueError, TypeError, InvalidOperation):
        return None
    raise ValueError(f"unknown coarsening method: {method}")
