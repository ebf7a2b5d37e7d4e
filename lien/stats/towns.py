"""The town of residence as the statistical record holds it: coarse by construction.

A town is a dimension that makes small cells: a village of 300 inhabitants with two
households received is two households that everybody there knows. So the record holds a
town's INSEE code only for a town of at least LIEN_STATS_TOWN_MIN_POPULATION inhabitants
(its legal population, recorded with the town); the smaller towns of the territory are
held together as SMALL, a town outside the territory as OUTSIDE, and an address without
a town as nothing. The town table then counts these categories, under the same joint
disclosure control as every other table of the year.
"""

from dataclasses import dataclass
from typing import Final

from django.conf import settings

from lien.offices.models import Town

SMALL: Final = "small"  # a town of the territory below the size
OUTSIDE: Final = "out"  # a town that no office covers
DEFAULT_MIN_POPULATION: Final = 5000


def min_population() -> int:
    return int(getattr(settings, "LIEN_STATS_TOWN_MIN_POPULATION", DEFAULT_MIN_POPULATION))


def coarse_town(town: Town | None, *, recorded: bool) -> str:
    """The value of the record's `town` for a household whose address names `town`, one
    of the towns the offices cover (None: a town recorded that no office covers);
    `recorded` False when the address names no town."""
    if not recorded:
        return ""
    if town is None:
        return OUTSIDE
    if town.population is not None and town.population >= min_population():
        return town.insee_code
    return SMALL


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class TownCategory:
    value: str
    fr: str
    en: str


def town_categories() -> list[TownCategory]:
    """The categories of a town table, as the record can hold them today: each town an
    office covers that is big enough, by name, then the others together."""
    size = min_population()
    big = (
        Town.objects.filter(offices__isnull=False, population__gte=size)
        .distinct()
        .order_by("name", "insee_code")
    )
    categories = [TownCategory(t.insee_code, t.name, t.name) for t in big]
    words = _thousands(size)
    categories += [
        TownCategory(
            SMALL,
            f"Autres communes du territoire (moins de {words} habitants)",
            f"Other towns of the territory (under {words} inhabitants)",
        ),
        TownCategory(OUTSIDE, "Hors du territoire", "Outside the territory"),
        TownCategory("", "Commune non renseignée", "Town not recorded"),
    ]
    return categories
