"""Reads of the statistical layer: only published tables, after disclosure control.

Stats does not know the access policy: every selector takes `office_ids`, the offices
whose statistics the actor may see, decided by the caller (lien.web.statistics_access).
Asking for an office outside them answers like a missing one. Nothing here returns a
row of the record, and no table can be cut by worker: the record has no worker.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _

from lien.background.models import LIVE
from lien.offices.models import Office
from lien.offices.record_keeping import offices_computerised_in

from .definitions import TOTAL, Grid, Table, grid_codes, load_grid
from .disclosure import LinearTable
from .models import PaperGrid, Publication, StatYear
from .protection import ALL, Scope
from .publication import (
    ProtectionPending,
    changed_since,
    decode_position,
    publish_year,
    stored_publication,
)
from .published import PublishedTable, publish_table
from .tasks import request_protection


@dataclass
class Source:
    office: Office
    typed: bool  # its paper grid for the year is counted (it was paper-based that year)
    computed: bool = True  # it used Lien during the year: the record holds its figures


@dataclass
class PublishedGrid:
    grid: Grid
    year: int
    office: Office | None  # None: the whole département
    sources: list[Source]
    tables: list[PublishedTable] = field(default_factory=list)
    published_at: datetime | None = None
    updating: bool = False  # the figures changed since: the task is publishing them again

    @property
    def scope_label(self) -> str:
        return self.office.name if self.office else _("Whole département")


def _offices(office_ids: Collection[int], office_id: int | None) -> list[Office]:
    allowed = set(office_ids)
    if office_id is not None:
        if office_id not in allowed:
            raise Http404
        return [Office.objects.get(pk=office_id)]
    offices = list(Office.objects.order_by("name"))
    if not offices or any(o.pk not in allowed for o in offices):
        raise Http404
    return offices


def _grid(grid_code: str, year: int) -> Grid:
    """The grid as in force in the year: a year keeps the version it was published with."""
    if grid_code not in grid_codes(year):
        raise Http404
    return load_grid(grid_code, year)


def _tables(publication: Publication, grid: Grid) -> list[PublishedTable]:
    tables = []
    for table in grid.tables:
        stored = {decode_position(k): v for k, v in publication.tables[table.code].items()}
        linear = LinearTable({p: v or 0 for p, v in stored.items()}, [])
        tables.append(publish_table(table, linear, {p for p, v in stored.items() if v is None}))
    return tables


def _publication_for_pages(grid: Grid, scope: Scope, year: int) -> tuple[Publication, bool]:
    """The grid as last published for the scope and year, and whether it is being
    published again. When something it rests on changed, the task worker is asked to
    publish the year again (once, however many pages ask) and the last publication is
    shown meanwhile, with its date; only a year never published raises ProtectionPending
    (a page never shows a count before its protection is decided, nor waits for it)."""
    codes = {t.code for t in grid.tables}
    publication = stored_publication(grid.code, scope, year)
    if publication is not None and not set(publication.tables) >= codes:
        publication = None  # the grid's definition gained a table since: not shown
    if publication is not None and not changed_since(publication):
        return publication, False
    job = request_protection(year)
    # An immediate task backend (the tests) has published it already.
    again = stored_publication(grid.code, scope, year)
    if again is not None and set(again.tables) >= codes:
        return again, job.status in LIVE
    if publication is not None:
        return publication, True
    raise ProtectionPending(year)


def published_grid(
    *,
    office_ids: Collection[int],
    grid_code: str,
    year: int,
    office_id: int | None = None,
    decide_now: bool = False,
) -> PublishedGrid:
    """A whole grid for one office, or for the département (office_id None: every office
    must be among `office_ids`), computed and typed grids added up, with the cells
    withheld by the year's joint protection (publication.py). Raises ProtectionPending
    while the protection is being decided, unless `decide_now` (the commands)."""
    offices = _offices(office_ids, office_id)
    computerised = offices_computerised_in(year, [o.pk for o in offices])
    grid = _grid(grid_code, year)
    scope: Scope = ALL if office_id is None else office_id
    if decide_now:
        publish_year(year)
    publication, updating = _publication_for_pages(grid, scope, year)
    typed = set(publication.typed_offices)
    return PublishedGrid(
        grid=grid,
        year=year,
        office=offices[0] if office_id is not None else None,
        sources=[Source(o, o.pk in typed, o.pk in computerised) for o in offices],
        tables=_tables(publication, grid),
        published_at=publication.published_at,
        updating=updating,
    )


@dataclass
class Trend:
    table: Table
    years: list[int]
    series: list[tuple[str, list[int | None]]]  # (row label, total per year, None if "s")


def grid_trends(
    *, office_ids: Collection[int], grid_code: str, years: list[int], office_id: int | None = None
) -> list[Trend]:
    """For every table of the grid (as in force in the last year), the totals of each row
    over several years, each year's table as it was published with the grid version in
    force that year (the year's joint protection). A row or table a year's version did
    not have is left empty for that year."""
    _offices(office_ids, office_id)
    grid = _grid(grid_code, max(years))
    # {table code: [{row value: its total (None if withheld)}, one per year]}
    by_table: dict[str, list[dict[str, int | None]]] = {table.code: [] for table in grid.tables}
    scope: Scope = ALL if office_id is None else office_id
    for year in years:
        year_grid = _grid(grid_code, year) if grid_code in grid_codes(year) else None
        published_tables: dict[str, PublishedTable] = {}
        if year_grid is not None:
            publication, _updating = _publication_for_pages(year_grid, scope, year)
            published_tables = {p.table.code: p for p in _tables(publication, year_grid)}
        for table in grid.tables:
            published = published_tables.get(table.code)
            totals: dict[str, int | None] = {}
            if published is not None:
                keys = [*published.table.row_values, TOTAL][: len(published.rows)]
                totals = {
                    k: row.cells[-1].value for k, row in zip(keys, published.rows, strict=True)
                }
            by_table[table.code].append(totals)
    trends = []
    for table in grid.tables:
        rows = list(table.row_values)
        labels = [table.row_label(v) for v in rows]
        if len(labels) > 1:
            labels.append(_("Total"))
            rows.append(TOTAL)
        per_year_totals = by_table[table.code]
        series = [
            (label, [per_year.get(row) for per_year in per_year_totals])
            for row, label in zip(rows, labels, strict=True)
        ]
        trends.append(Trend(table, years, series))
    return trends


def years_with_statistics(*, office_ids: Collection[int]) -> list[int]:
    """The years for which the record or a typed grid holds something, newest first:
    read from the small tables of years with events and of typed grids, not the events."""
    if not office_ids:
        return []
    years = set(
        StatYear.objects.filter(office_id__in=list(office_ids))
        .values_list("year", flat=True)
        .distinct()
    )
    years |= set(
        PaperGrid.objects.filter(office_id__in=list(office_ids))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)
