"""A table as pages and exports show it: its cells, margins and totals in words, a
withheld cell shown as "s"."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .definitions import TOTAL, Table
from .disclosure import LinearTable, Position

SUPPRESSED = "s"


@dataclass
class Cell:
    value: int | None  # None when suppressed

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.value is None else str(self.value)


@dataclass
class PublishedRow:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class PublishedTable:
    table: Table
    columns: list[str]
    rows: list[PublishedRow]
    threshold: int

    @property
    def title(self) -> str:
        return self.table.title


def publish_table(table: Table, linear: LinearTable, suppressed: set[Position]) -> PublishedTable:
    has_row_totals = table.columns is not None
    columns = [table.column_label(v) for v in table.column_values]
    if has_row_totals:
        columns.append(_("Total"))

    def cell(position: Position) -> Cell:
        return Cell(None if position in suppressed else linear.values[position])

    rows = []
    for r, value in enumerate(table.row_values):
        cells = [cell((r, c)) for c in range(len(table.column_values))]
        if has_row_totals:
            cells.append(cell((r, TOTAL)))
        rows.append(PublishedRow(table.row_label(value), cells))
    if len(table.row_values) > 1:
        totals = [cell((TOTAL, c)) for c in range(len(table.column_values))]
    else:
        totals = [cell((TOTAL, TOTAL))] if not has_row_totals else []
    if has_row_totals:
        totals.append(cell((TOTAL, TOTAL)))
    if len(table.row_values) > 1 or not has_row_totals:
        rows.append(PublishedRow(_("Total"), totals[: len(columns)], is_total=True))
    return PublishedTable(table, columns, rows, table.threshold)
