"""One linear programme solved for many objectives, each solve starting from the last.

The audit of a year asks the least and greatest value of hundreds of quantities over the
same constraints, which change only by releasing a published value now and then. HiGHS
(through the bindings bundled with SciPy) keeps its model and basis between solves: a
new objective is a few simplex iterations from the previous optimum, about five times
faster than `scipy.optimize.linprog`, which builds and presolves the model afresh each
time. If a SciPy release no longer ships these bindings, `linprog` is used instead.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, vstack

try:  # SciPy's bundled HiGHS bindings (scipy==1.17.1, pinned); not a public API
    from scipy.optimize._highspy import _core as highs
except ImportError:  # pragma: no cover
    highs = None


Vector = npt.NDArray[np.float64]


@dataclass
class Optimum:
    value: float
    solution: Vector
    duals: Vector  # of the equality rows


class Programme:
    """{x ≥ 0 : a_eq x = b_eq except released rows, a_ub x ≤ 0}; minimise c·x."""

    def __init__(self, a_eq: csr_matrix, b_eq: list[float], a_ub: csr_matrix | None) -> None:
        self.a_eq, self.b_eq, self.a_ub = a_eq, np.asarray(b_eq, dtype=float), a_ub
        self.size = a_eq.shape[1]
        self.released: set[int] = set()
        self._highs = self._load() if highs is not None else None

    def _load(self) -> Any:  # HiGHS's solver, from SciPy's untyped bindings
        matrix = self.a_eq if self.a_ub is None else vstack([self.a_eq, self.a_ub])
        matrix = matrix.tocsc()
        n_eq, n_rows = self.a_eq.shape[0], matrix.shape[0]
        lp = highs.HighsLp()
        lp.num_col_, lp.num_row_ = self.size, n_rows
        lp.col_cost_ = np.zeros(self.size)
        lp.col_lower_ = np.zeros(self.size)
        lp.col_upper_ = np.full(self.size, np.inf)
        lp.row_lower_ = np.concatenate([self.b_eq, np.full(n_rows - n_eq, -np.inf)])
        lp.row_upper_ = np.concatenate([self.b_eq, np.zeros(n_rows - n_eq)])
        lp.a_matrix_.format_ = highs.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = self.size, n_rows
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        solver = highs._Highs()
        solver.setOptionValue("output_flag", False)
        solver.passModel(lp)
        return solver

    def release(self, row: int) -> None:
        """The equality row no longer holds (its value is withheld)."""
        self.released.add(row)
        if self._highs is not None:
            self._highs.changeRowBounds(row, -np.inf, np.inf)

    def minimise(self, cost: Vector) -> Optimum | None:
        """The optimum; None when the programme is unbounded."""
        cost = np.asarray(cost, dtype=float)
        if self._highs is None:
            return self._linprog(cost)
        solver = self._highs
        solver.changeColsCost(self.size, np.arange(self.size, dtype=np.int32), cost)
        solver.run()
        status = solver.getModelStatus()
        # The programme is feasible (the true year satisfies it): "unbounded or
        # infeasible" can only be unbounded.
        if status in (
            highs.HighsModelStatus.kUnbounded,
            highs.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return None
        if status != highs.HighsModelStatus.kOptimal:
            raise ArithmeticError(solver.modelStatusToString(status))
        solution = solver.getSolution()
        duals = np.asarray(solution.row_dual)[: self.a_eq.shape[0]]
        return Optimum(
            solver.getInfo().objective_function_value,
            np.asarray(solution.col_value),
            duals,
        )

    def _linprog(self, cost: Vector) -> Optimum | None:
        rows = [i for i in range(self.a_eq.shape[0]) if i not in self.released]
        kwargs: dict[str, Any] = {}  # the inequalities, if any (scipy's arrays)
        if self.a_ub is not None:
            kwargs = {"A_ub": self.a_ub, "b_ub": np.zeros(self.a_ub.shape[0])}
        result = linprog(
            cost,
            A_eq=self.a_eq[rows],
            b_eq=self.b_eq[rows],
            bounds=(0, None),
            method="highs",
            **kwargs,
        )
        if result.status == 3:
            return None
        if result.status != 0:
            raise ArithmeticError(result.message)
        duals = np.zeros(self.a_eq.shape[0])
        duals[rows] = result.eqlin.marginals
        return Optimum(result.fun, result.x, duals)
