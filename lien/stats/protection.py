"""Disclosure control of everything a year publishes together.

The protection (docs/statistics-protection.md): for every withheld count whose unknown
part n is small (0 < n < threshold), the values an attacker can still give it, knowing
every published value of every grid, scope and table of the year, how they add up
(linkage.AttackerModel) and every cell of the grids typed from paper, include the whole
range [0, threshold]: the attacker cannot tell whether nobody is counted there or as
many as would be published.

Method: audit and augment, as τ-Argus and sdcTable do for linked and hierarchical
tables. The small counts are withheld (primary). Then, for each of them and each side
(can it be 0? can it reach the threshold?), a linear programme over the whole year gives
the bound; while the bound is too narrow, the published value that the programme's dual
shows to be holding it, the cheapest first (large enough for what is missing, an inner
cell before a total, the smallest count), is withheld too (secondary). Withholding more
never narrows an interval, so a side once protected stays protected: every side is
settled in one pass.
"""

from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, hstack, identity, vstack

from .definitions import TOTAL
from .disclosure import Position
from .linkage import AttackerModel, LinearForm, Term
from .programme import Optimum, Programme, Vector

ALL: Final = "all"  # the scope of the whole département
Scope = int | Literal["all"]  # an office's id, or ALL
CellKey = tuple[str, Scope, str, Position]  # (grid code, scope, table code, position)
# The bound of a quantity (None: unbounded), the published quantities holding it, and a
# table reaching it.
Extreme = tuple[float | None, list[int], Vector | None]
TOLERANCE = 1e-6


class ProtectionError(RuntimeError):
    """The published values contradict the model: nothing is published rather than
    figures whose protection cannot be shown."""


@dataclass
class PublishedCell:
    key: CellKey
    count: int  # the value published when it is not withheld
    known: int  # the part typed from paper: known to whoever typed it
    terms: frozenset[Term]  # the unknown part, in the attacker's model
    threshold: int

    @property
    def unknown(self) -> int:
        return self.count - self.known

    @property
    def is_margin(self) -> bool:
        return TOTAL in self.key[3]


@dataclass
class Quantity:
    """One unknown value, published in one or several cells."""

    terms: frozenset[Term]
    value: int
    threshold: int
    cells: list[PublishedCell] = field(default_factory=list)

    @property
    def sensitive(self) -> bool:
        return 0 < self.value < self.threshold

    def cost(self, need: float) -> tuple[bool, bool, bool, int, int]:
        """Cheapest to withhold first: not a zero, enough households to give the `need`
        missing (else another one is needed at once), an inner cell, few households."""
        inner = any(not cell.is_margin for cell in self.cells)
        return (self.value == 0, self.value < need, not inner, self.value, len(self.cells))


def quantities(cells: list[PublishedCell]) -> list[Quantity]:
    by_terms: dict[frozenset[Term], Quantity] = {}
    for cell in cells:
        if not cell.terms:
            continue
        quantity = by_terms.setdefault(cell.terms, Quantity(cell.terms, cell.unknown, 0))
        if quantity.value != cell.unknown:
            raise ProtectionError(
                f"{cell.key} counts {cell.unknown} where the same quantity counts {quantity.value}"
            )
        quantity.threshold = max(quantity.threshold, cell.threshold)
        quantity.cells.append(cell)
    return sorted(by_terms.values(), key=lambda q: sorted(map(repr, q.terms)))


class Audit:
    """The attacker's linear programme over the year: the model's relations, and one
    equation per quantity, released when the quantity is withheld."""

    def __init__(self, model: AttackerModel, all_quantities: list[Quantity]) -> None:
        self.model = model
        self.quantities = all_quantities
        forms = [model.form(q.terms) for q in all_quantities]  # creates every unknown first
        self.first_quantity_row = len(model.equalities)
        a_eq = self._rows(model.equalities + forms)
        b_eq = [0.0] * len(model.equalities) + [float(q.value) for q in all_quantities]
        a_ub = self._rows(model.inequalities) if model.inequalities else None
        self.programme = Programme(a_eq, b_eq, a_ub)
        self.withheld: set[int] = set()  # indices into quantities
        self.solved = 0

    def withhold(self, index: int) -> None:
        self.withheld.add(index)
        self.programme.release(self.first_quantity_row + index)

    def _rows(self, rows: list[LinearForm]) -> csr_matrix:
        data: list[float] = []
        columns: list[int] = []
        pointers = [0]
        for row in rows:
            columns.extend(row)
            data.extend(row.values())
            pointers.append(len(columns))
        return csr_matrix((data, columns, pointers), shape=(len(rows), self.model.size))

    def forms(self, indices: list[int]) -> csr_matrix:
        return self._rows([self.model.form(self.quantities[i].terms) for i in indices])

    def _minimise(self, cost: Vector) -> Optimum | None:
        self.solved += 1
        try:
            return self.programme.minimise(cost)
        except ArithmeticError as error:
            raise ProtectionError(f"the attacker's programme failed: {error}") from None

    def extreme(self, index: int, *, highest: bool) -> Extreme:
        """(bound, published quantities holding it, a table reaching it): the least or
        greatest value of the quantity; None as bound (and table) when unbounded."""
        cost = np.zeros(self.model.size)
        for unknown, weight in self.model.form(self.quantities[index].terms).items():
            cost[unknown] = -weight if highest else weight
        outcome = self._minimise(cost)
        if outcome is None:  # unbounded
            return None, [], None
        duals = outcome.duals[self.first_quantity_row :]
        holding = [i for i, d in enumerate(duals) if abs(d) > TOLERANCE and i not in self.withheld]
        return (-outcome.value if highest else outcome.value), holding, outcome.solution

    def lowest_together(self, indices: list[int]) -> Vector | None:
        """A table where the quantities' sum is least: many of them 0 at once."""
        outcome = self._minimise(np.asarray(self.forms(indices).sum(axis=0)).ravel())
        return None if outcome is None else outcome.solution

    def highest_together(self, indices: list[int]) -> Vector:
        """A table where as many quantities as possible reach their threshold at once:
        maximise the sum of min(quantity, threshold), with one more column per quantity
        (solved once, apart from the kept programme)."""
        size, count = self.model.size, len(indices)
        published = [
            self.first_quantity_row + i
            for i in range(len(self.quantities))
            if i not in self.withheld
        ]
        rows = list(range(self.first_quantity_row)) + published
        programme = self.programme
        a_eq = hstack([programme.a_eq[rows], csr_matrix((len(rows), count))]).tocsr()
        # capped_q − quantity_q ≤ 0, capped_q in [0, threshold_q]
        a_ub = hstack([-self.forms(indices), identity(count, format="csr")])
        if programme.a_ub is not None:
            a_ub = vstack(
                [hstack([programme.a_ub, csr_matrix((programme.a_ub.shape[0], count))]), a_ub]
            )
        caps = [(0, self.quantities[i].threshold) for i in indices]
        self.solved += 1
        result = linprog(
            np.concatenate([np.zeros(size), -np.ones(count)]),
            A_eq=a_eq,
            b_eq=programme.b_eq[rows],
            A_ub=a_ub.tocsr(),
            b_ub=np.zeros(a_ub.shape[0]),
            bounds=[(0, None)] * size + caps,
            method="highs",
        )
        if result.status != 0:
            raise ProtectionError(f"the attacker's programme failed: {result.message}")
        solution: Vector = result.x[:size]
        return solution


class Witnesses:
    """The sides still to show: (quantity, highest). A table satisfying the published
    values with the quantity at 0 (or at its threshold) shows the side for good: more
    withholding only adds tables."""

    def __init__(self, audit: Audit, indices: list[int]) -> None:
        self.audit = audit
        self.indices = indices
        self.forms = audit.forms(indices) if indices else None
        self.pending = {(i, side) for i in indices for side in (False, True)}

    def observe(self, solution: Vector | None) -> None:
        # (No forms when no index: then nothing is pending either.)
        if solution is None or not self.pending or self.forms is None:
            return
        values = self.forms @ solution
        for i, value in zip(self.indices, values, strict=True):
            if value <= TOLERANCE:
                self.pending.discard((i, False))
            if value >= self.audit.quantities[i].threshold - TOLERANCE:
                self.pending.discard((i, True))


def withhold_jointly(
    model: AttackerModel, cells: list[PublishedCell]
) -> tuple[set[CellKey], dict[str, float]]:
    """The keys of the cells to withhold, and figures about the run."""
    all_quantities = quantities(cells)
    audit = Audit(model, all_quantities)
    sensitive = [i for i, q in enumerate(all_quantities) if q.sensitive]
    for i in sensitive:
        audit.withhold(i)
    if all_quantities:
        # The true values satisfy the model: an infeasible programme means a model that
        # does not describe how Lien counts, and nothing would be shown protected.
        audit.extreme(0, highest=False)
    witnesses = Witnesses(audit, sensitive)
    if sensitive:
        witnesses.observe(audit.lowest_together(sensitive))
        witnesses.observe(audit.highest_together(sensitive))
    secondary = 0
    for index in sensitive:
        for highest in (False, True):
            while (index, highest) in witnesses.pending:
                bound, holding, solution = audit.extreme(index, highest=highest)
                witnesses.observe(solution)
                if bound is None or (index, highest) not in witnesses.pending:
                    witnesses.pending.discard((index, highest))
                    break
                candidates = [i for i in holding if i not in audit.withheld]
                if not candidates:
                    raise ProtectionError(f"nothing left to withhold for {index}")
                threshold = all_quantities[index].threshold
                need = threshold - bound if highest else bound
                audit.withhold(min(candidates, key=lambda i: all_quantities[i].cost(need)))
                secondary += 1
    withheld = {cell.key for i in audit.withheld for cell in all_quantities[i].cells}
    figures: dict[str, float] = {
        "cells": len(cells),
        "quantities": len(all_quantities),
        "unknowns": model.size,
        "primary": len(sensitive),
        "secondary": secondary,
        "programmes": audit.solved,
    }
    return withheld, figures
