"""What the grid editor offers: what a table may count, and the dimensions it may be cut
by, each with its categories in words.

The dimensions come from the catalogue where it declares them (every situation or
population-survey item that feeds statistics, coarsened as it declares: the choices of a
choice, the bands of an age, an amount or a count), from the town of residence
(lien/stats/towns.py), and, for the dimensions of the events themselves (new or known
household, age of the reference person, problem family, intervention, aid, decision…),
from the categories the shipped grids declare for them. A dimension shows by its words,
never by its field's name.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lien.casefiles.statistics import SITUATION_FAMILIES, recorded_as
from lien.catalog.coarsening import (
    AGE_BANDS,
    AGE_OPEN_BAND,
    AMOUNT_BANDS,
    AMOUNT_OPEN_BAND,
    COUNT_OPEN_BAND,
    Coarsening,
)
from lien.catalog.models import Item, Status
from lien.stats.definitions import load_grid, shipped_codes
from lien.stats.grid_versions import DeclaredAxis, DeclaredCategory
from lien.stats.models import Kind, StatEvent
from lien.stats.towns import town_categories


@dataclass(frozen=True)
class Counted:
    label: object
    kinds: tuple[str, ...]
    measure: str
    fields: tuple[str, ...]  # the event's own dimensions, besides the situation's


COUNTED = {
    "households": Counted(
        _("Households received (once a year in each office)"),
        (Kind.SITUATION,),
        "households",
        (),
    ),
    "visits": Counted(_("Visits at reception"), (Kind.VISIT,), "events", ("month",)),
    "problems": Counted(
        _("Problems identified"), (Kind.PROBLEM_OPENED,), "events", ("month", "problem_family")
    ),
    "interventions": Counted(
        _("Interventions"), (Kind.INTERVENTION,), "events", ("month", "intervention_type")
    ),
    "aid_decisions": Counted(
        _("Aid decisions"),
        (Kind.AID_DECISION,),
        "events",
        ("month", "aid_type", "decision", "amount_band", "delay_band"),
    ),
}
# The household's situation, which every event carries: the fields not fed by an item.
SITUATION_FIELDS = ("household_status", "age_band", "reference_sex", "town")
NOT_RECORDED = DeclaredCategory("", "Non renseigné", "Not recorded")


@dataclass(frozen=True)
class Dimension:
    field: str
    label: str
    categories: tuple[DeclaredCategory, ...]

    def axis(self) -> DeclaredAxis:
        return DeclaredAxis(self.field, self.categories)


def _bands(bounds, open_band: str, unit_fr: str, unit_en: str) -> list[DeclaredCategory]:
    categories, low = [], 0
    for bound, label in bounds:
        fr = f"{low} à {bound - 1}{unit_fr}"
        categories.append(DeclaredCategory(label, fr, f"{low} to {bound - 1}{unit_en}"))
        low = bound
    categories.append(
        DeclaredCategory(open_band, f"{low}{unit_fr} et plus", f"{low}{unit_en} and over")
    )
    return categories


def _item_categories(item: Item) -> list[DeclaredCategory]:
    if item.coarsening == Coarsening.AGE_BAND:
        categories = _bands(AGE_BANDS, AGE_OPEN_BAND, " ans", "")
    elif item.coarsening == Coarsening.AMOUNT_BAND:
        categories = _bands(AMOUNT_BANDS, AMOUNT_OPEN_BAND, " €", " €")
    elif item.coarsening == Coarsening.COUNT_BAND:
        categories = [DeclaredCategory(str(n), str(n), str(n)) for n in range(4)]
        categories.append(DeclaredCategory(COUNT_OPEN_BAND, "4 et plus", "4 and over"))
    elif item.choices:
        categories = [
            DeclaredCategory(c["code"], c.get("fr") or c["code"], c.get("en") or c["code"])
            for c in item.choices
        ]
    else:
        categories = [DeclaredCategory("yes", "Oui", "Yes"), DeclaredCategory("no", "Non", "No")]
    return [*categories, NOT_RECORDED]


def _declared_in_shipped_grids() -> dict[str, tuple[DeclaredCategory, ...]]:
    """{field: categories} as the shipped grids first declare them."""
    found: dict[str, tuple[DeclaredCategory, ...]] = {}
    for code in shipped_codes():
        for table in load_grid(code).tables:
            for axis in (table.rows, table.columns):
                if axis is None or axis.field in found or axis.field == "kind":
                    continue
                found[axis.field] = tuple(
                    DeclaredCategory(c.value, c.labels["fr"], c.labels["en"])
                    for c in axis.categories
                )
    return found


def _words(field: str) -> str:
    words = getattr(StatEvent._meta.get_field(field), "verbose_name", field)
    return str(words).capitalize()


def dimensions_for(counted: Counted) -> list[Dimension]:
    """The dimensions a table counting `counted` may be cut by, in words."""
    shipped = _declared_in_shipped_grids()
    dimensions: dict[str, Dimension] = {}
    items = Item.objects.filter(
        family__in=SITUATION_FAMILIES, feeds_statistics=True, status=Status.ACTIVE
    ).order_by("family", "label_fr")
    for item in items:
        field = recorded_as(item)
        if field is not None and field not in dimensions:
            dimensions[field] = Dimension(field, item.label, tuple(_item_categories(item)))
    towns = tuple(DeclaredCategory(c.value, c.fr, c.en) for c in town_categories())
    for field in (*SITUATION_FIELDS, *counted.fields):
        if field == "town":
            dimensions[field] = Dimension(field, str(_("Town of residence")), towns)
        elif field in shipped and field not in dimensions:
            dimensions[field] = Dimension(field, _words(field), shipped[field])
    return sorted(dimensions.values(), key=lambda d: d.label)
