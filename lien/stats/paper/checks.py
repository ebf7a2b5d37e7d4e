"""Checking a paper grid before it is saved.

Every interior cell and every margin is typed, as on paper. A grid is refused, naming
each faulty cell, when a value is not a count (empty, negative, with decimals, not a
number), when a total is not the sum of its cells, or when a margin that two tables
share does not agree: two tables that count the same households (or the same events)
cut by the same categories must give the same total for each category, within the
grid and against the office's other grid of the same year (the activity grid and the
population survey share their household type, age, housing and resources margins).
"""

import re
from collections import defaultdict
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..definitions import TOTAL, Grid, Table
from ..disclosure import Index, Position
from ..models import Kind
from .cells import address, cell_name, linear, positions
from .typed import TypedValues

# What was typed, before it is checked: {table code: {"row|column": what was typed}}.
RawValues = Mapping[str, Mapping[str, object]]
# What a table counts, when its margins are true totals: (measure, kinds, filters).
Unit = tuple[str, tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]
Margin = dict[str, Position]  # {category: position of its total}
# A table's margin on a field, with its grid and the grid's typed values.
Member = tuple[Grid, Table, Margin, TypedValues]

# Spaces a French number may hold between its thousands ("1 234"), typed or pasted.
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def _count(raw: object, cell: str) -> tuple[int | None, str | None]:
    """(the count, None) or (None, why it is not one)."""
    text = _SPACES.sub("", "" if raw is None else str(raw))
    if text.isascii() and text.isdigit():
        return int(text), None
    if text == "":
        return None, _("%(cell)s: empty. Type 0 where there is nobody.") % {"cell": cell}
    shown = {"cell": cell, "typed": str(raw).strip()}
    if re.fullmatch(r"-\d+([.,]\d+)?", text):
        return None, _("%(cell)s: “%(typed)s” is negative; a count is 0 or more.") % shown
    if re.fullmatch(r"\d+[.,]\d+", text):
        return None, _("%(cell)s: “%(typed)s” is not a whole number; a count has none.") % shown
    return None, _("%(cell)s: “%(typed)s” is not a number; type a count (0, 1, 2…).") % shown


def check_paper_grid(grid: Grid, values: RawValues) -> TypedValues:
    """Returns {table: {address: count}} when every value is a count and every total
    adds up within its table; raises ValidationError listing every fault otherwise."""
    errors: list[str] = []
    clean: TypedValues = {}
    for table in grid.tables:
        typed = values.get(table.code) or {}
        counts: dict[Position, int] = {}
        for position in positions(table):
            number, fault = _count(typed.get(address(table, position)), cell_name(table, position))
            if fault:
                errors.append(fault)
            elif number is not None:  # always, without a fault
                counts[position] = number
        if len(counts) == len(positions(table)):
            for total, parts in linear(table).equations:
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


def _unit(table: Table) -> Unit | None:
    """What a table counts, when each household or event falls in exactly one of its
    cells (so that its margins are true totals); None otherwise (a household with two
    problems is in two rows of the problems table)."""
    if table.measure != "events" and set(table.kinds) != {Kind.SITUATION}:
        return None
    filters = tuple(sorted((k, tuple(sorted(v))) for k, v in table.filters.items()))
    return table.measure, tuple(sorted(table.kinds)), filters


def _margins(table: Table) -> list[tuple[str, Margin]]:
    """[(field, {category: position of its total})] for the table's rows and columns.
    A one-column table's cells are its row totals; a one-row table's its column totals."""
    n_rows, n_cols = len(table.row_values), len(table.column_values)
    row_total: Index = TOTAL if n_cols > 1 else 0
    margins: list[tuple[str, Margin]] = [
        (table.rows.field, {v: (r, row_total) for r, v in enumerate(table.row_values)}),
    ]
    if table.columns is not None:
        column_total: Index = TOTAL if n_rows > 1 else 0
        margins.append(
            (table.columns.field, {v: (column_total, c) for c, v in enumerate(table.column_values)})
        )
    return margins


def shared_margin_faults(grids: list[tuple[Grid, TypedValues]], checked: str) -> list[str]:
    """Faults of the grid coded `checked` against the margins it shares with itself and
    with the other grids given (the office's other typed grids of the year): for each
    category of a shared margin, the total must be the same in every table."""
    groups: defaultdict[tuple[Unit, str, frozenset[str]], list[Member]] = defaultdict(list)
    for grid, values in grids:
        for table in grid.tables:
            unit = _unit(table)
            if unit is None:
                continue
            for field, cells in _margins(table):
                groups[(unit, field, frozenset(cells))].append((grid, table, cells, values))
    faults: list[str] = []
    for (unit, _field, _categories), members in groups.items():
        # Compared with the other grid's table when there is one: it is already saved.
        members.sort(key=lambda member: member[0].code == checked)
        reference = members[0]
        for member in members[1:]:
            if member[0].code != checked:
                continue
            faults.extend(_disagreements(member, reference, unit[0], checked))
    return faults


def _disagreements(member: Member, reference: Member, measure: str, checked: str) -> list[str]:
    def name(grid: Grid, table: Table, position: Position) -> str:
        cell = cell_name(table, position)
        if grid.code == checked:
            return cell
        return _("%(grid)s, %(cell)s") % {"grid": grid.title, "cell": cell}

    grid, table, cells, values = member
    ref_grid, ref_table, ref_cells, ref_values = reference
    faults = []
    for category, position in cells.items():
        typed = values[table.code][address(table, position)]
        ref_position = ref_cells[category]
        expected = ref_values[ref_table.code][address(ref_table, ref_position)]
        if typed != expected:
            message = (
                _(
                    "%(cell)s is %(typed)s but %(other)s is %(expected)s: both count the same "
                    "households and must be equal."
                )
                if measure == "households"
                else _(
                    "%(cell)s is %(typed)s but %(other)s is %(expected)s: both count the "
                    "same events and must be equal."
                )
            )
            faults.append(
                message
                % {
                    "cell": name(grid, table, position),
                    "typed": typed,
                    "other": name(ref_grid, ref_table, ref_position),
                    "expected": expected,
                }
            )
    return faults
