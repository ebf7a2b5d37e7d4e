"""What an attacker knows ties the published cells together: the linear model of a year.

Every published cell is a linear function of a few unknowns, the same unknowns for every
grid and scope of the year. The strongest linear model an attacker can build from what
Lien publishes and how it counts is this one:

- For each office whose figures are computed from the record, and each kind of event, the
  year's events of that kind form one population, cut by every field some table cuts it
  by (household type, age band, month…). A table of that kind is a margin of the
  population's cross-table. Two tables cutting the same population (the composition and
  the age of the households received, or a population grid's table) share their margins,
  and more: they are margins of one cross-table. The whole cross-table would have
  thousands of cells; its margins on the cliques of a chordal graph of the fields, kept
  consistent where they meet, have exactly the same non-negative solutions (a
  decomposable model), with a few hundred.
- A table counting distinct households over events (households by problem, referrals by
  month) is not a margin: each of its cells is an unknown of its own, at most the number
  of events of the same cell (a household counts once, an event at least once).
- The département's cell is the sum of its offices' cells.
- An office whose grid was typed from paper contributes known numbers: whoever typed it
  knows every one of its cells. Its cells are constants, not unknowns.

A cell's unknown part is a set of *terms*: (office, kind, restriction of the fields) for
a margin of a population, ("households", office, grid, table, row, column) for a cell
counting distinct households. Two cells with the same terms are the same quantity,
whatever the table they are published in.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from .definitions import TOTAL, Grid, Table
from .disclosure import Position
from .models import Kind

OTHER = "\x00other"  # the category of the values that no table lists
HOUSEHOLDS: Final = "households"

Clique = tuple[str, ...]  # fields, sorted
Assignment = tuple[str, ...]  # a category of each field of a clique, in its order
# The fields a cell restricts, each with its allowed categories, sorted by field.
Restriction = tuple[tuple[str, tuple[str, ...]], ...]
EventTerm = tuple[int, str, Restriction]  # (office, kind, restriction)
# (HOUSEHOLDS, office, grid code, table code, row, column): one cell's distinct households.
HouseholdTerm = tuple[Literal["households"], int, str, str, int, int]
Term = EventTerm | HouseholdTerm
Unknown = int  # an unknown's index
LinearForm = dict[Unknown, float]  # {unknown: coefficient}
# A population's cross-table kept on its cliques: [(clique, {assignment: unknown})].
Cube = list[tuple[Clique, dict[Assignment, Unknown]]]


def summable(table: Table) -> bool:
    """A table whose cells partition its events: every margin is a sum."""
    return table.measure == "events" or set(table.kinds) == {Kind.SITUATION}


def _fields(table: Table) -> set[str]:
    names = {table.rows.field, *table.filters}
    if table.columns is not None:
        names.add(table.columns.field)
    return names - {"kind"}


def _listed(table: Table) -> dict[str, set[str]]:
    listed = {table.rows.field: set(table.row_values)}
    if table.columns is not None:
        listed[table.columns.field] = set(table.column_values)
    for name, values in table.filters.items():
        listed.setdefault(name, set()).update(values)
    listed.pop("kind", None)
    return listed


@dataclass(frozen=True)
class Population:
    """The events of one kind: the fields tables cut them by, the categories of each,
    and the cliques on which the cross-table is kept."""

    kind: str
    domain: dict[str, tuple[str, ...]]  # field → categories
    cliques: tuple[Clique, ...]


def _cliques(fields: set[str], together: list[set[str]]) -> tuple[Clique, ...]:
    """Maximal cliques of a chordal graph containing every set of `together` as a
    clique, by eliminating the field whose neighbours need the fewest new edges."""
    neighbours: dict[str, set[str]] = {f: set() for f in fields}
    for group in together:
        for a in group:
            neighbours[a] |= group - {a}
    found: list[frozenset[str]] = []
    left = set(fields)
    while left:

        def fill(f: str) -> int:
            near = neighbours[f] & left
            return sum(
                1 for a, b in itertools.combinations(sorted(near), 2) if b not in neighbours[a]
            )

        chosen = min(sorted(left), key=fill)
        near = neighbours[chosen] & left
        for a, b in itertools.combinations(near, 2):
            neighbours[a].add(b)
            neighbours[b].add(a)
        found.append(frozenset({chosen} | near))
        left.remove(chosen)
    maximal = {c for c in found if not any(c < other for other in found)}
    return tuple(sorted(tuple(sorted(c)) for c in maximal)) or ((),)


def populations(
    grids: list[Grid], has_other: Callable[[str, str, set[str]], bool]
) -> dict[str, Population]:
    """{kind: Population} for the grids' tables. `has_other(kind, field, listed)` says
    whether the year's events of that kind hold a value of the field outside `listed`:
    then the field gets a category of its own for them."""
    tables_by_kind: dict[str, list[Table]] = {}
    for grid in grids:
        for table in grid.tables:
            for kind in table.kinds:
                tables_by_kind.setdefault(kind, []).append(table)
    result: dict[str, Population] = {}
    for kind, tables in sorted(tables_by_kind.items()):
        listed: dict[str, set[str]] = {}
        for table in tables:
            for name, values in _listed(table).items():
                listed.setdefault(name, set()).update(values)
        domain = {
            name: tuple(sorted(values)) + ((OTHER,) if has_other(kind, name, values) else ())
            for name, values in sorted(listed.items())
        }
        cliques = _cliques(set(domain), [_fields(t) for t in tables])
        result[kind] = Population(kind, domain, cliques)
    return result


def _restriction(
    table: Table, position: Position, kind: str, population: Population
) -> Restriction | None:
    """The fields' allowed categories for the events of `kind` counted in the cell at
    `position`, the fields left free omitted; None when the cell counts none of them."""
    wanted: list[tuple[str, set[str]]] = []
    r, c = position
    wanted.append(
        (table.rows.field, set(table.row_values) if r == TOTAL else {table.row_values[r]})
    )
    if table.columns is not None:
        columns = set(table.column_values) if c == TOTAL else {table.column_values[c]}
        wanted.append((table.columns.field, columns))
    wanted.extend((name, set(values)) for name, values in table.filters.items())
    allowed: dict[str, set[str]] = {}
    for name, values in wanted:
        if name == "kind":
            if kind not in values:
                return None
            continue
        allowed[name] = allowed.get(name, set(population.domain[name])) & values
        if not allowed[name]:
            return None
    return tuple(
        sorted(
            (name, tuple(sorted(values)))
            for name, values in allowed.items()
            if len(values) < len(population.domain[name])
        )
    )


def interior(table: Table, position: Position) -> list[tuple[int, int]]:
    """The interior cells that a cell or margin adds up."""
    r, c = position
    rows = range(len(table.row_values)) if r == TOTAL else [r]
    columns = range(len(table.column_values)) if c == TOTAL else [c]
    return [(rr, cc) for rr in rows for cc in columns]


class AttackerModel:
    """The unknowns of a year (all ≥ 0), the equations and inequalities that hold between
    them whatever the published values, and the linear form of every cell."""

    def __init__(self, populations: dict[str, Population], grids: list[Grid]) -> None:
        self.populations = populations
        self._tables = {(g.code, t.code): t for g in grids for t in g.tables}
        self.size = 0
        self.equalities: list[LinearForm] = []  # = 0
        self.inequalities: list[LinearForm] = []  # ≤ 0
        self._cubes: dict[tuple[int, str], Cube] = {}  # (office, kind) → its cube
        self._households: dict[HouseholdTerm, Unknown] = {}
        self._forms: dict[frozenset[Term], LinearForm] = {}

    def _new(self, count: int) -> range:
        start = self.size
        self.size += count
        return range(start, self.size)

    def _cube(self, office_id: int, kind: str) -> Cube:
        key = (office_id, kind)
        if key not in self._cubes:
            population = self.populations[kind]
            cube: Cube = []
            for clique in population.cliques:
                assignments = list(itertools.product(*(population.domain[f] for f in clique)))
                unknowns = self._new(len(assignments))
                cube.append((clique, dict(zip(assignments, unknowns, strict=True))))
            self._cubes[key] = cube
            self._agree(cube)
        return self._cubes[key]

    def _agree(self, cube: Cube) -> None:
        """Two cliques' tables have the same margin on the fields they share."""
        for (first, cells_1), (second, cells_2) in itertools.combinations(cube, 2):
            shared = [f for f in first if f in second]
            margins: dict[Assignment, LinearForm] = {}
            for sign, clique, cells in ((1.0, first, cells_1), (-1.0, second, cells_2)):
                positions = [clique.index(f) for f in shared]
                for assignment, unknown in cells.items():
                    row = margins.setdefault(tuple(assignment[i] for i in positions), {})
                    row[unknown] = row.get(unknown, 0.0) + sign
            self.equalities.extend(margins.values())

    def _margin(self, office_id: int, kind: str, restriction: Restriction) -> LinearForm:
        restricted = {name for name, _values in restriction}
        for clique, cells in self._cube(office_id, kind):
            if restricted <= set(clique):
                positions = [(clique.index(name), set(values)) for name, values in restriction]
                return {
                    unknown: 1.0
                    for assignment, unknown in cells.items()
                    if all(assignment[i] in values for i, values in positions)
                }
        raise AssertionError(f"no clique holds {restricted}")  # the cliques cover each table

    def _event_terms(self, office_id: int, table: Table, position: Position) -> frozenset[Term]:
        terms: set[Term] = set()
        for kind in table.kinds:
            restriction = _restriction(table, position, kind, self.populations[kind])
            if restriction is not None:
                terms.add((office_id, kind, restriction))
        return frozenset(terms)

    def terms(
        self, office_id: int, grid: Grid, table: Table, position: Position
    ) -> frozenset[Term]:
        """The unknown part of the office's cell at `position` (a cell or a margin)."""
        if summable(table):
            return self._event_terms(office_id, table, position)
        return frozenset(
            (HOUSEHOLDS, office_id, grid.code, table.code, r, c)
            for r, c in interior(table, position)
        )

    def form(self, terms: frozenset[Term]) -> LinearForm:
        """{unknown: coefficient} of a sum of terms."""
        key = terms
        if key not in self._forms:
            form: LinearForm = {}
            for term in terms:
                for unknown, weight in self._term_form(term).items():
                    form[unknown] = form.get(unknown, 0.0) + weight
            self._forms[key] = form
        return self._forms[key]

    def _term_form(self, term: Term) -> LinearForm:
        if term[0] != HOUSEHOLDS:
            office_id, kind, restriction = term
            return self._margin(office_id, kind, restriction)
        if term not in self._households:
            (unknown,) = self._new(1)
            self._households[term] = unknown
            # A household counts once in a cell, each of its events once: at most as
            # many households as events in the same cell.
            _tag, office_id, grid_code, table_code, r, c = term
            table = self._tables[(grid_code, table_code)]
            row = {unknown: 1.0}
            for other, weight in self.form(self._event_terms(office_id, table, (r, c))).items():
                row[other] = row.get(other, 0.0) - weight
            self.inequalities.append(row)
        return {self._households[term]: 1.0}
