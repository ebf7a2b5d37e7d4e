"""Counting a grid from the statistical record: one grouped query per table.

Each query groups by office and by the table's row and column fields, so that the whole
grid for one office or for every office comes out of as many queries as it has tables.
A household counts once per office (as on the paper grids that the offices add up), so
the département's table is the sum of its offices' tables, and totals are sums.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from .definitions import TOTAL, Grid, Table
from .models import Kind, StatEvent

Matrix = list[list[int]]
# Tables counted by the same grouped query: their kinds and filters.
ShareKey = tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]


def _measure(table: Table) -> Count:
    # The situation is written once per household, office and year (a constraint of
    # the model): counting its rows is counting households, without a costly DISTINCT.
    if table.measure == "events" or set(table.kinds) == {Kind.SITUATION}:
        return Count("pk")
    return Count("household_token", distinct=True)


def count_table(table: Table, year: int, office_ids: Iterable[int]) -> dict[int, Matrix]:
    """{office id: matrix of counts} for the table's declared rows and columns."""
    fields = [table.rows.field] + ([table.columns.field] if table.columns else [])
    queryset = StatEvent.objects.filter(
        year=year, kind__in=table.kinds, office_id__in=list(office_ids)
    )
    for name, values in table.filters.items():
        queryset = queryset.filter(**{f"{name}__in": values})
    grouped = queryset.values("office_id", *fields).order_by().annotate(n=_measure(table))
    return _fill(table, grouped)


def empty_matrix(table: Table) -> Matrix:
    return [[0] * len(table.column_values) for _ in table.row_values]


def add(a: Matrix, b: Matrix) -> Matrix:
    return [[x + y for x, y in zip(ra, rb, strict=True)] for ra, rb in zip(a, b, strict=True)]


def _summable(table: Table) -> bool:
    return table.measure == "events" or set(table.kinds) == {Kind.SITUATION}


def _share_key(table: Table) -> ShareKey:
    return (
        tuple(sorted(table.kinds)),
        tuple(sorted((k, tuple(v)) for k, v in table.filters.items())),
    )


def _count_shared(
    tables: list[Table], year: int, office_ids: Iterable[int]
) -> dict[str, dict[int, Matrix]]:
    """Tables counted by plain sums over the same rows (same kinds and filters) share one
    grouped query on the union of their fields; each table then adds up its own cells."""
    first = tables[0]
    fields = sorted({f for t in tables for f in _fields(t)})
    queryset = StatEvent.objects.filter(
        year=year, kind__in=first.kinds, office_id__in=list(office_ids)
    )
    for name, values in first.filters.items():
        queryset = queryset.filter(**{f"{name}__in": values})
    grouped = list(queryset.values("office_id", *fields).order_by().annotate(n=Count("pk")))
    return {table.code: _fill(table, grouped) for table in tables}


def _fields(table: Table) -> list[str]:
    return [table.rows.field] + ([table.columns.field] if table.columns else [])


def _fill(table: Table, grouped: Iterable[dict[str, Any]]) -> dict[int, Matrix]:
    fields = _fields(table)
    row_index = {v: i for i, v in enumerate(table.row_values)}
    column_index = {v: i for i, v in enumerate(table.column_values)}
    result: dict[int, Matrix] = defaultdict(lambda: empty_matrix(table))
    for entry in grouped:
        r = row_index.get(str(entry[fields[0]]))
        c = column_index.get(str(entry[fields[1]])) if table.columns else column_index[TOTAL]
        if r is None or c is None:
            continue  # a value the grid does not list is not counted in this table
        result[entry["office_id"]][r][c] += entry["n"]
    return dict(result)


def count_grid(grid: Grid, year: int, office_ids: Iterable[int]) -> dict[str, dict[int, Matrix]]:
    """{table code: {office id: matrix}} for all the offices at once, in one grouped
    query per group of tables over the same events, plus one per table of distinct
    households over events that a household may have several of."""
    counts: dict[str, dict[int, Matrix]] = {}
    shared: dict[ShareKey, list[Table]] = defaultdict(list)
    for table in grid.tables:
        if _summable(table):
            shared[_share_key(table)].append(table)
        else:
            counts[table.code] = count_table(table, year, office_ids)
    for tables in shared.values():
        counts.update(_count_shared(tables, year, office_ids))
    return {table.code: counts[table.code] for table in grid.tables}
