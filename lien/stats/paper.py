"""Paper grids: an office that does not use Lien types its grid in the same form.

Every interior cell and every margin is typed; the margins must be the sums of their
cells, as on paper. A grid that does not add up is refused, naming each faulty cell.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .definitions import TOTAL, Grid, Table
from .disclosure import linear_table


def address(table: Table, position) -> str:
    """The key of a cell or margin: "row|column", "T" standing for a total."""
    r, c = position
    row = TOTAL if r == TOTAL else table.row_values[r]
    column = TOTAL if c == TOTAL else table.column_values[c]
    return f"{row}|{column}"


def cell_name(table: Table, position) -> str:
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


def positions(table: Table) -> list:
    """Every cell and margin of the table, in reading order."""
    shape = [[0] * len(table.column_values) for _ in table.row_values]
    return list(linear_table(shape).values)


def check_paper_grid(grid: Grid, values: dict) -> dict:
    """Returns {table: {address: count}} when every count is a whole number ≥ 0 and
    every total adds up; raises ValidationError listing every fault otherwise."""
    errors, clean = [], {}
    for table in grid.tables:
        typed = values.get(table.code) or {}
        counts = {}
        for position in positions(table):
            raw = typed.get(address(table, position))
            try:
                number = int(raw)
                if number < 0 or str(raw).strip() != str(number):
                    raise ValueError
            except (TypeError, ValueError):
                errors.append(
                    _("%(cell)s: enter a whole number, 0 or more.")
                    % {"cell": cell_name(table, position)}
                )
                continue
            counts[position] = number
        if len(counts) == len(positions(table)):
            shape = [[0] * len(table.column_values) for _ in table.row_values]
            for total, parts in linear_table(shape).equations:
                added = sum(counts[p] for p in parts)
                if counts[total] != added:
                    errors.append(
                        _("%(cell)s: the total typed is %(typed)s but its cells add up to %(sum)s.")
                        % {"cell": cell_name(table, total), "typed": counts[total], "sum": added}
                    )
        clean[table.code] = {address(table, p): n for p, n in counts.items()}
    if errors:
        raise ValidationError(errors)
    return clean


def paper_matrix(table: Table, values: dict) -> list[list[int]]:
    """The interior cells of a checked paper table as a matrix."""
    typed = values.get(table.code) or {}
    return [
        [int(typed.get(address(table, (r, c)), 0)) for c in range(len(table.column_values))]
        for r in range(len(table.row_values))
    ]
