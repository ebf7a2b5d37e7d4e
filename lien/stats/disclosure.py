"""Disclosure control of one table by itself: primary and secondary cell suppression.

Lien's published grids are protected together, every grid and scope of a year at once
(protection.py); this table-by-table method serves only the tables made entirely of
paper grids, for readers other than whoever typed them.

A table is its interior cells plus its margins (row totals, column totals, grand
total), tied by the equations "a total is the sum of its parts". A cell (or margin)
with 0 < n < threshold is suppressed (primary). Then, while some suppressed value is
still determined by what is published (its minimum and maximum over all non-negative
tables consistent with the published values are equal, computed by linear
programming), the smallest non-zero published cell sharing a row or column with it is
suppressed too (secondary). The bounds are those of the LP relaxation; the equations of
a table with margins form a totally unimodular system, so its vertices are integer and
the integer bounds are the same.
"""

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from scipy.optimize import linprog

TOTAL: Final = "T"
Index = int | Literal["T"]  # a row or column's index, or TOTAL for its margin
Position = tuple[Index, Index]
Bounds = tuple[float, float | None]  # (min, max); max None when unbounded


@dataclass
class LinearTable:
    values: dict[Position, int]
    equations: list[tuple[Position, list[Position]]]  # [(total position, [part positions])]


def linear_table(matrix: list[list[int]]) -> LinearTable:
    """The table with its margins. A one-column table has no row totals (they would
    repeat the cells), a one-row table no column totals."""
    n_rows, n_cols = len(matrix), len(matrix[0])
    values: dict[Position, int] = {
        (r, c): matrix[r][c] for r in range(n_rows) for c in range(n_cols)
    }
    equations: list[tuple[Position, list[Position]]] = []
    if n_cols > 1:
        for r in range(n_rows):
            values[(r, TOTAL)] = sum(matrix[r])
            equations.append(((r, TOTAL), [(r, c) for c in range(n_cols)]))
    if n_rows > 1:
        for c in range(n_cols):
            values[(TOTAL, c)] = sum(matrix[r][c] for r in range(n_rows))
            equations.append(((TOTAL, c), [(r, c) for r in range(n_rows)]))
    values[(TOTAL, TOTAL)] = sum(map(sum, matrix))
    if n_cols > 1:
        equations.append(((TOTAL, TOTAL), [(r, TOTAL) for r in range(n_rows)]))
    if n_rows > 1:
        equations.append(((TOTAL, TOTAL), [(TOTAL, c) for c in range(n_cols)]))
    if n_rows == 1 and n_cols == 1:
        equations.append(((TOTAL, TOTAL), [(0, 0)]))
    return LinearTable(values, equations)


def bounds(table: LinearTable, suppressed: set[Position]) -> dict[Position, Bounds]:
    """{suppressed position: (min, max)} over non-negative tables that agree with every
    published value; max is None when unbounded."""
    variables = sorted(suppressed, key=str)
    index = {p: i for i, p in enumerate(variables)}
    a_eq: list[np.ndarray] = []
    b_eq: list[float] = []
    for total, parts in table.equations:
        row = np.zeros(len(variables))
        rhs = 0.0
        for position, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if position in index:
                row[index[position]] += sign
            else:
                rhs -= sign * table.values[position]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    result: dict[Position, Bounds] = {}
    for position in variables:
        objective = np.zeros(len(variables))
        objective[index[position]] = 1.0
        if not a_eq:
            result[position] = (0.0, None)
            continue
        low = linprog(objective, A_eq=np.array(a_eq), b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=np.array(a_eq), b_eq=b_eq, bounds=(0, None), method="highs")
        result[position] = (low.fun, None if high.status == 3 else -high.fun)
    return result


def determined(table: LinearTable, suppressed: set[Position]) -> list[Position]:
    """Suppressed positions whose value can be recomputed from what is published."""
    return [
        position
        for position, (low, high) in bounds(table, suppressed).items()
        if high is not None and high - low < 0.5
    ]


def _complement(
    table: LinearTable, suppressed: set[Position], exposed: list[Position]
) -> Position | None:
    """The smallest non-zero published value sharing a row or column with an exposed
    value, interior cells before margins."""
    neighbours: set[Position] = set()
    for total, parts in table.equations:
        members = [total, *parts]
        if any(p in members for p in exposed):
            neighbours.update(members)
    candidates = [p for p in neighbours if p not in suppressed and table.values[p] > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (TOTAL in p, table.values[p], str(p)))


def suppress(matrix: list[list[int]], threshold: int) -> tuple[LinearTable, set[Position]]:
    """The table with its margins, and the positions to publish as "s"."""
    table = linear_table(matrix)
    suppressed = {p for p, n in table.values.items() if 0 < n < threshold}
    while suppressed:
        exposed = determined(table, suppressed)
        if not exposed:
            break
        complement = _complement(table, suppressed, exposed)
        if complement is None:
            # Nothing non-zero left beside it: hide every value that pins it down.
            complement = next(p for p in table.values if p not in suppressed)
        suppressed.add(complement)
    return table, suppressed
