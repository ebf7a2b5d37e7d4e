"""Which of the territory's towns a person's address names, for the statistical record
(lien.stats.towns coarsens it: a big town by its code, the small ones together).

An address holds a town as typed (a name, and a postal code): it is matched against the
towns the offices cover by postal code and name, or by name alone, accents, case and
hyphens aside ("saint ouen sur seine" is Saint-Ouen-sur-Seine).
"""

from lien.offices.models import Town
from lien.stats.towns import coarse_town

from .search_key import normalise


class TownsCovered:
    """The towns the offices cover, read once for a batch of addresses."""

    def __init__(self) -> None:
        self.by_postal_and_name: dict[tuple[str, str], Town] = {}
        self.by_name: dict[str, Town] = {}
        for town in Town.objects.filter(offices__isnull=False).distinct():
            name = normalise(town.name)
            self.by_postal_and_name[(town.postal_code, name)] = town
            self.by_name.setdefault(name, town)

    def coarse(self, postal_code: str, town_name: str) -> str:
        """The record's value of the town of residence of this address."""
        name = normalise(town_name)
        town = self.by_postal_and_name.get((postal_code or "", name)) or self.by_name.get(name)
        return coarse_town(town, recorded=bool(name))
