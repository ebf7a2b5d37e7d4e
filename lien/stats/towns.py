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

from .grid_versions import DeclaredAxis, DeclaredCategory, DeclaredTable, grid_with_table
from .models import GridVersion, Kind

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


TOWNS_GRID = "towns"  # the grid the town table is declared in


def town_table() -> DeclaredTable:
    """The households received by town of residence, new or known: the town table the
    demo declares and the grid editor proposes, with today's towns as its rows."""
    return DeclaredTable(
        title="Ménages reçus par commune de résidence",
        kinds=[Kind.SITUATION],
        measure="households",
        rows=DeclaredAxis(
            "town", [DeclaredCategory(c.value, c.fr, c.en) for c in town_categories()]
        ),
        columns=DeclaredAxis(
            "household_status",
            [
                DeclaredCategory("new", "Nouveaux ménages", "New households"),
                DeclaredCategory("known", "Ménages déjà connus", "Households already known"),
            ],
        ),
    )


def declare_town_grid(*, valid_from: int) -> bool:
    """The town grid with its one table, in force from `valid_from`, for an installation
    that has none yet (the demo). The grid editor declares it the same way, for a year
    not published yet. Answers whether it was declared."""
    if GridVersion.objects.filter(grid=TOWNS_GRID).exists():
        return False
    text = grid_with_table(TOWNS_GRID, town_table(), new_title="Communes de résidence")
    GridVersion.objects.create(grid=TOWNS_GRID, number=1, valid_from=valid_from, definition=text)
    return True
