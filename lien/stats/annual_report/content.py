"""What the annual report says, read from the published grids only: a withheld cell is
printed "s" and never used in anything the report computes, and the report prints no
total of its own (a sum of published cells is only ever printed where the grid
publishes that same margin). Every figure carries its reference: the grid, the number of
its table in the grid, the row and the column, as the statistics page shows them."""

import base64
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.http import Http404
from django.utils.translation import gettext as _

from lien.offices.models import Office

from ..charts import line_chart
from ..definitions import TOTAL, Grid, Table, grid_codes, load_grid
from ..disclosure import Index, Position
from ..exports import sources_line
from ..models import Publication, ReportCommentary
from ..protection import ALL, Scope
from ..publication import changed_since, publish_year, stored_publication
from ..selectors import PublishedGrid, published_grid, years_with_statistics

if TYPE_CHECKING:
    from .indicators import Indicator

TREND_YEARS = 5
# The tables whose rows are followed over five years, in the report's order.
TREND_TABLES: tuple[tuple[str, str], ...] = (
    ("activity", "households"),
    ("activity", "activity"),
    ("activity", "composition"),
    ("activity", "aid_decisions"),
)

ACTIVITY, POPULATION, AID, TRENDS = "activity", "population", "aid", "trends"


def section_of(grid_code: str, table: Table) -> str:
    """Which section of the report a table belongs to: the population grid and the
    activity grid's tables on the households' situation describe the population; the
    tables of financial aid, the aid; everything else, the activity."""
    if grid_code == "population":
        return POPULATION
    if table.code.startswith("aid"):
        return AID
    if table.kinds == ("situation",) and table.code != "households":
        return POPULATION
    return ACTIVITY


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | None  # None: withheld by statistical secrecy
    grid: str  # the grid's code, for the tests that trace the figure back
    table: str
    position: Position
    reference: str

    @property
    def shown(self) -> str:
        return "s" if self.value is None else str(self.value)


@dataclass
class FigureTable:
    title: str
    source: str  # "Grid …, table n"
    figures: list[Figure]


@dataclass
class TrendChart:
    title: str
    source: str
    years: list[int]
    series: list[tuple[str, list[int | None]]]
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()

    @property
    def alt(self) -> str:
        return _("Chart: %(title)s, by year; the same figures are in the table below.") % {
            "title": self.title
        }

    def rows(self) -> list[tuple[str, list[str]]]:
        return [
            (label, ["s" if v is None else str(v) for v in values]) for label, values in self.series
        ]


@dataclass
class Section:
    key: str
    title: str
    commentary: str
    tables: list[FigureTable] = field(default_factory=list)
    charts: list[TrendChart] = field(default_factory=list)


@dataclass
class AnnualReport:
    scope_label: str
    year: int
    introduction: str
    sections: list[Section]
    sources: str
    published_at: datetime | None
    missing_years: list[int]
    indicators: list["Indicator"] = field(default_factory=list)


def _index_label(index: int | str) -> str:
    return _("total") if index == TOTAL else str(int(index) + 1)


def reference(grid: Grid, year: int, table_number: int, position: Position) -> str:
    row, column = position
    return _("ref. %(grid)s %(year)d, table %(table)d, row %(row)s, column %(column)s") % {
        "grid": grid.title,
        "year": year,
        "table": table_number,
        "row": _index_label(row),
        "column": _index_label(column),
    }


def table_source(grid: Grid, table_number: int) -> str:
    return _("%(grid)s, table %(table)d") % {"grid": grid.title, "table": table_number}


def row_total(table: Table, row: Index) -> Position:
    """Where a row's total is published: a one-column table has no row totals (they
    would repeat its cells, disclosure.linear_table), its only column is the total."""
    return (row, TOTAL) if len(table.column_values) > 1 else (row, 0)


class Published:
    """One grid as published for the scope and year, read cell by cell."""

    def __init__(self, grid: Grid, publication: Publication):
        self.grid = grid
        self.publication = publication

    def number(self, table_code: str) -> int:
        return [t.code for t in self.grid.tables].index(table_code) + 1

    def value(self, table_code: str, position: Position) -> int | None:
        key = "|".join(map(str, position))
        stored: int | None = self.publication.tables[table_code][key]
        return stored

    def row_index(self, table_code: str, row_value: str) -> int:
        return self.grid.table(table_code).row_values.index(row_value)

    def figure(self, table: Table, position: Position, label: str) -> Figure:
        number = self.number(table.code)
        return Figure(
            label,
            self.value(table.code, position),
            self.grid.code,
            table.code,
            position,
            reference(self.grid, self.publication.year, number, position),
        )

    def margins(self, table: Table) -> FigureTable:
        """The row totals and the table's total: what the report prints of a table (the
        full cross tables are on the statistics page and in its exports)."""
        figures = [
            self.figure(table, row_total(table, r), table.row_label(value))
            for r, value in enumerate(table.row_values)
        ]
        figures.append(self.figure(table, (TOTAL, TOTAL), _("Total")))
        return FigureTable(table.title, table_source(self.grid, self.number(table.code)), figures)


def scope_of(office_id: int | None) -> Scope:
    return ALL if office_id is None else office_id


def published_now(grid_code: str, scope: Scope, year: int) -> Publication:
    """The year's publication of a grid, published first if it is missing or stale, or
    older than a table of the grid (the report is built by the task worker, which may
    decide a year)."""
    publication = stored_publication(grid_code, scope, year)
    tables = {t.code for t in load_grid(grid_code, year).tables}
    if publication is None or not set(publication.tables) >= tables or changed_since(publication):
        publish_year(year)
        publication = stored_publication(grid_code, scope, year)
    assert publication is not None  # publish_year writes every grid for every scope
    return publication


def _trend(
    grids: dict[str, Grid], scope: Scope, years: list[int], grid_code: str, code: str
) -> TrendChart | None:
    grid = grids.get(grid_code)
    if grid is None or code not in {t.code for t in grid.tables}:
        return None  # the grid was edited since: the trend is left out
    table = grid.table(code)
    labels = [(table.row_label(v), row_total(table, r)) for r, v in enumerate(table.row_values)]
    labels.append((_("Total"), (TOTAL, TOTAL)))
    by_year = [Published(grid, published_now(grid_code, scope, y)) for y in years]
    series = [(label, [p.value(code, position) for p in by_year]) for label, position in labels]
    number = by_year[0].number(code) if by_year else 0
    source = _("%(source)s, column total of each row, as published each year") % {
        "source": table_source(grid, number)
    }
    svg = line_chart(chart_id=f"trend-{code}", title=table.title, years=years, series=series)
    return TrendChart(table.title, source, years, series, str(svg))


def check_scope(office_ids: Collection[int], office_id: int | None) -> None:
    """The office among those allowed; the département only if every office is."""
    allowed = set(office_ids)
    if office_id is not None:
        if office_id not in allowed:
            raise Http404
        return
    every = set(Office.objects.values_list("pk", flat=True))
    if not every or not every <= allowed:
        raise Http404


def commentary_of(scope: Scope, year: int) -> dict[str, str]:
    saved = ReportCommentary.objects.filter(scope=str(scope), year=year).first()
    return {name: getattr(saved, name, "") or "" for name in ReportCommentary.SECTIONS}


def build_report(
    *, office_ids: Collection[int], year: int, office_id: int | None, indicators: bool
) -> AnnualReport:
    """The report as the task worker builds it: every grid published for the year (its
    protection decided now if stale), the trends over the five years ending with it."""
    from .indicators import abs_indicators  # they read the report's published grids

    scope = scope_of(office_id)
    grids = {code: load_grid(code, year) for code in grid_codes(year)}
    published = {code: Published(grids[code], published_now(code, scope, year)) for code in grids}
    # The year is published now: the grids as the pages show them, for their sources.
    pages: dict[str, PublishedGrid] = {
        code: published_grid(office_ids=office_ids, grid_code=code, year=year, office_id=office_id)
        for code in grids
    }
    words = commentary_of(scope, year)
    titles = {
        ACTIVITY: _("Activity"),
        POPULATION: _("Population received"),
        AID: _("Financial aid"),
        TRENDS: _("Trends over five years"),
    }
    sections = {key: Section(key, title, words[key]) for key, title in titles.items()}
    for code, grid in grids.items():
        for table in grid.tables:
            sections[section_of(code, table)].tables.append(published[code].margins(table))
    with_data = set(years_with_statistics(office_ids=[office_id] if office_id else office_ids))
    span = list(range(year - TREND_YEARS + 1, year + 1))
    years = [y for y in span if y in with_data or y == year]
    for grid_code, table_code in TREND_TABLES:
        chart = _trend(grids, scope, years, grid_code, table_code)
        if chart is not None:
            sections[TRENDS].charts.append(chart)
    first = next(iter(pages.values()))
    return AnnualReport(
        scope_label=first.scope_label,
        year=year,
        introduction=words["introduction"],
        sections=list(sections.values()),
        sources=sources_line(first),
        published_at=first.published_at,
        missing_years=[y for y in span if y not in years],
        indicators=abs_indicators(published, years, scope) if indicators else [],
    )
