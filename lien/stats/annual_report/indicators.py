"""The indicators of the analyse des besoins sociaux (ABS) a CCAS draws up each year
(Code de l'action sociale et des familles, R123-1), those Lien can compute from its
published tables, each with its definition and the cells it rests on. An indicator that
would need a withheld cell is withheld too ("s"); one whose total is nil is not
computed ("—"). Nothing else of the ABS (census data, the partners' figures) is in Lien:
the report says so."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..definitions import TOTAL
from ..disclosure import Position
from ..protection import Scope
from .content import Figure, Published, published_now, row_total

GRID = "activity"
NOT_COMPUTED = "—"


@dataclass(frozen=True)
class Definition:
    label: Promise
    explanation: Promise
    table: str
    rows: tuple[str, ...] = ()  # the rows added in the numerator; none: the table's total
    column: str = ""  # the numerator's column; none: the rows' totals
    share: bool = True  # a share of the table's total, or the count itself


DEFINITIONS = (
    Definition(
        gettext_lazy("Households received in the year"),
        gettext_lazy("Households received at least once in the year (table total)."),
        "households",
        share=False,
    ),
    Definition(
        gettext_lazy("Share of new households"),
        gettext_lazy("New households divided by the households received."),
        "households",
        ("new",),
    ),
    Definition(
        gettext_lazy("Share of single-parent families"),
        gettext_lazy("Single-parent families divided by the households received."),
        "composition",
        ("single-parent",),
    ),
    Definition(
        gettext_lazy("Share of people living alone"),
        gettext_lazy("Single persons divided by the households received."),
        "composition",
        ("single",),
    ),
    Definition(
        gettext_lazy("Share of reference persons under 25"),
        gettext_lazy(
            "Reference persons under 18 and aged 18 to 24, divided by the households received."
        ),
        "age",
        ("0-17", "18-24"),
    ),
    Definition(
        gettext_lazy("Share of reference persons aged 60 and over"),
        gettext_lazy(
            "Reference persons aged 60 to 74 and 75 and over, divided by the households received."
        ),
        "age",
        ("60-74", "75+"),
    ),
    Definition(
        gettext_lazy("Share of households without a home of their own"),
        gettext_lazy(
            "Households staying with someone, in a shelter or homeless, divided by the "
            "households received."
        ),
        "housing",
        ("hosted", "shelter", "no-home"),
    ),
    Definition(
        gettext_lazy("Share of households living mainly on the RSA"),
        gettext_lazy("Households whose main resource is the RSA, divided by those received."),
        "resources",
        ("rsa",),
    ),
    Definition(
        gettext_lazy("Share of households without any resource"),
        gettext_lazy("Households without any resource, divided by those received."),
        "resources",
        ("none",),
    ),
    Definition(
        gettext_lazy("Share of aid requests granted"),
        gettext_lazy("Aid requests granted divided by the aid requests decided."),
        "aid_decisions",
        column="granted",
    ),
)


@dataclass
class Indicator:
    label: str
    explanation: str
    shown: str
    figures: list[Figure]  # the published cells it rests on, with their references


def _percent(numerator: int, denominator: int) -> str:
    if denominator == 0:
        return NOT_COMPUTED
    return f"{100 * numerator / denominator:.1f}".replace(".", ",") + " %"


def _positions(published: Published, definition: Definition) -> list[Position] | None:
    table = published.grid.table(definition.table)
    try:
        rows = [table.row_values.index(v) for v in definition.rows]
        if not definition.column:
            return [row_total(table, r) for r in rows] or [(TOTAL, TOTAL)]
        column = table.column_values.index(definition.column)
    except ValueError:
        return None  # the grid was edited: a category is gone
    return [(r, column) for r in rows] or [(TOTAL, column)]


def _indicator(published: Published, definition: Definition) -> Indicator | None:
    if definition.table not in {t.code for t in published.grid.tables}:
        return None
    positions = _positions(published, definition)
    if positions is None:
        return None
    table = published.grid.table(definition.table)
    used = [published.figure(table, p, table.title) for p in positions]
    if definition.share:
        used.append(published.figure(table, (TOTAL, TOTAL), table.title))
    values = [f.value for f in used]
    if any(v is None for v in values):
        shown = "s"
    elif not definition.share:
        shown = str(values[0])
    else:
        counted = [v for v in values if v is not None]
        shown = _percent(sum(counted[:-1]), counted[-1])
    return Indicator(str(definition.label), str(definition.explanation), shown, used)


def _evolution(published: Published, years: list[int], scope: Scope) -> Indicator | None:
    """Households received in the year against the first year of the five with figures."""
    if len(years) < 2 or "households" not in {t.code for t in published.grid.tables}:
        return None
    table = published.grid.table("households")
    first = Published(published.grid, published_now(GRID, scope, years[0]))
    then = first.figure(table, (TOTAL, TOTAL), str(years[0]))
    now = published.figure(table, (TOTAL, TOTAL), str(years[-1]))
    if then.value is None or now.value is None:
        shown = "s"
    elif then.value == 0:
        shown = NOT_COMPUTED
    else:
        change = 100 * (now.value - then.value) / then.value
        shown = f"{change:+.1f}".replace(".", ",") + " %"
    label = _("Change in the households received since %(year)d") % {"year": years[0]}
    explanation = _(
        "Households received in %(last)d minus those received in %(first)d, divided by "
        "those received in %(first)d."
    ) % {"first": years[0], "last": years[-1]}
    return Indicator(label, explanation, shown, [then, now])


def abs_indicators(
    published: dict[str, Published], years: list[int], scope: Scope
) -> list[Indicator]:
    grid = published.get(GRID)
    if grid is None:
        return []
    found = [_indicator(grid, d) for d in DEFINITIONS] + [_evolution(grid, years, scope)]
    return [i for i in found if i is not None]
