"""Disclosure control: after suppression, no suppressed value can be recomputed from
what is published. The check here is written apart from the code under test: it solves
its own linear programmes with a different formulation (all values as variables,
published ones fixed by equality)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from lien.stats.disclosure import TOTAL, suppress


def _independent_range(matrix, suppressed, target):
    """Min and max of `target` over non-negative full tables (cells and margins) whose
    sums hold and whose published values are those of `matrix`."""
    n_rows, n_cols = len(matrix), len(matrix[0])
    cells = [(r, c) for r in range(n_rows) for c in range(n_cols)]
    # Only the interior cells are variables: margins are linear in them.
    index = {p: i for i, p in enumerate(cells)}

    def coefficients(position):
        row = np.zeros(len(cells))
        r, c = position
        for rr, cc in cells:
            if (r in (TOTAL, rr)) and (c in (TOTAL, cc)):
                row[index[(rr, cc)]] = 1
        return row

    def value(position):
        r, c = position
        return sum(matrix[rr][cc] for rr, cc in cells if (r in (TOTAL, rr)) and (c in (TOTAL, cc)))

    published = [p for p in _all_positions(n_rows, n_cols) if p not in suppressed]
    a_eq = [coefficients(p) for p in published]
    b_eq = [value(p) for p in published]
    objective = coefficients(target)
    kwargs = {"bounds": (0, None), "method": "highs"}
    if a_eq:
        kwargs.update(A_eq=np.array(a_eq), b_eq=b_eq)
    low = linprog(objective, **kwargs)
    high = linprog(-objective, **kwargs)
    return low.fun, (None if high.status == 3 else -high.fun)


def _all_positions(n_rows, n_cols):
    positions = [(r, c) for r in range(n_rows) for c in range(n_cols)]
    if n_cols > 1:
        positions += [(r, TOTAL) for r in range(n_rows)]
    if n_rows > 1:
        positions += [(TOTAL, c) for c in range(n_cols)]
    return [*positions, (TOTAL, TOTAL)]


tables = st.integers(1, 5).flatmap(
    lambda n_rows: st.integers(1, 5).flatmap(
        lambda n_cols: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=n_cols, max_size=n_cols
            ),
            min_size=n_rows,
            max_size=n_rows,
        )
    )
)


@settings(max_examples=80, deadline=None)
@given(matrix=tables, threshold=st.sampled_from([3, 5, 11]))
def test_no_suppressed_value_is_determined_by_what_is_published(matrix, threshold):
    table, suppressed = suppress(matrix, threshold)
    # Primary: every small non-zero value is hidden; published values are the true ones.
    for position, n in table.values.items():
        if 0 < n < threshold:
            assert position in suppressed, position
    for position in suppressed:
        low, high = _independent_range(matrix, suppressed, position)
        assert high is None or high - low >= 1 - 1e-6, (position, low, high)


def test_a_small_cell_takes_a_rectangle_with_it():
    table, suppressed = suppress([[3, 10], [7, 8]], 5)
    assert suppressed == {(0, 0), (0, 1), (1, 0), (1, 1)}  # the margins stay published
    assert table.values[(TOTAL, TOTAL)] == 28


def test_a_column_of_counts_hides_a_second_cell():
    _table, suppressed = suppress([[3], [10], [12]], 5)
    assert suppressed == {(0, 0), (1, 0)}


def test_a_table_with_nothing_small_is_published_whole():
    _table, suppressed = suppress([[20, 30], [40, 50]], 5)
    assert suppressed == set()


def test_zeros_are_published():
    _table, suppressed = suppress([[0, 0], [0, 30]], 5)
    assert suppressed == set()


@pytest.mark.parametrize("threshold", [5, 11])
def test_a_total_under_the_threshold_is_hidden_too(threshold):
    table, suppressed = suppress([[2, 1], [0, 0]], threshold)
    assert (TOTAL, TOTAL) in suppressed
    assert table.values[(TOTAL, TOTAL)] == 3
