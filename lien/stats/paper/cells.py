"""The cells of a paper grid: how each cell and margin is named in the typed values
("row|column") and on the page, and a typed table as a matrix."""

from django.utils.translation import gettext as _

from ..definitions import TOTAL, Table
from ..disclosure import LinearTable, Position, linear_table
from .typed import TypedValues


def address(table: Table, position: Position) -> str:
    """The key of a cell or margin: "row|column", "T" standing for a total."""
    r, c = position
    row = TOTAL if r == TOTAL else table.row_values[r]
    column = TOTAL if c == TOTAL else table.column_values[c]
    return f"{row}|{column}"


def cell_name(table: Table, position: Position) -> str:
    r, c = position
    row = _("Total") if r == TOTAL else table.row_label(table.row_values[r])
    column = (
        _("Total")
        if c == TOTAL and table.columns is not None
        else table.column_label(TOTAL if c == TOTAL else table.column_values[c])
    )
    return _("table “%(table)s”, row “%(row)s”, column “%(column)s”") % {
        "table": table.title,
        "row": row,
        "column": column,
    }


def positions(table: Table) -> list[Position]:
    """Every cell and margin of the table, in reading order."""
    return list(linear(table).values)


def linear(table: Table) -> LinearTable:
    """The table's cells and margins with the equations that tie them (its totals)."""
    return linear_table([[0] * len(table.column_values) for _ in table.row_values])


def paper_matrix(table: Table, values: TypedValues) -> list[list[int]]:
    """The interior cells of one table of a typed grid as a matrix."""
    typed = values.get(table.code) or {}
    return [
        [int(typed.get(address(table, (r, c)), 0)) for c in range(len(table.column_values))]
        for r in range(len(table.row_values))
    ]
