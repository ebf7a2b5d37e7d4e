"""The attacker's model keeps a population's cross-table as its margins on the cliques
of a chordal graph. Checked here against the whole cross-table: for four fields whose
tables form a cycle (the hardest case, where shared margins alone say less), the bounds
of every withheld cell are the same in both models."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from lien.stats.definitions import parse_grid
from lien.stats.disclosure import linear_table
from lien.stats.linkage import AttackerModel, interior, populations

FIELDS = {
    "household_status": ["new", "known"],
    "household_type": ["single", "couple"],
    "age_band": ["18-24", "25-39", "40-59"],
    "housing": ["owner", "hosted"],
}
CYCLE = [
    ("household_status", "household_type"),
    ("household_type", "age_band"),
    ("age_band", "housing"),
    ("housing", "household_status"),
]


def _axis(name):
    categories = "".join(f"\n      - {{value: '{v}', fr: '{v}', en: '{v}'}}" for v in FIELDS[name])
    return f"\n      field: {name}\n      categories:{categories}"


def _cycle_grid():
    tables = "".join(
        f"""
  - code: t{i}
    title: {{fr: t{i}, en: t{i}}}
    measure: households
    kinds: [situation]
    rows:{_axis(rows)}
    columns:{_axis(columns)}"""
        for i, (rows, columns) in enumerate(CYCLE)
    )
    return parse_grid(f"code: cycle\ntitle: {{fr: c, en: c}}\ntables:{tables}")


def test_a_cycle_of_tables_is_kept_on_the_cliques_of_a_chord():
    grid = _cycle_grid()
    population = populations([grid], lambda *_: False)["situation"]
    # A 4-cycle gets one chord: two cliques of three fields, not four pairs.
    assert len(population.cliques) == 2
    assert all(len(clique) == 3 for clique in population.cliques)


def _range(a_eq, b_eq, a_ub, objective):
    kwargs = {"bounds": (0, None), "method": "highs"}
    if len(b_eq):
        kwargs.update(A_eq=a_eq, b_eq=b_eq)
    if a_ub is not None:
        kwargs.update(A_ub=a_ub, b_ub=np.zeros(len(a_ub)))
    low = linprog(objective, **kwargs)
    high = linprog(-objective, **kwargs)
    assert low.status == 0
    return round(low.fun, 6), (None if high.status == 3 else round(-high.fun, 6))


cubes = st.lists(st.integers(0, 3), min_size=24, max_size=24)


@settings(max_examples=12, deadline=None)
@given(counts=cubes, withheld=st.lists(st.booleans(), min_size=64, max_size=64))
def test_the_cliques_give_the_same_bounds_as_the_whole_cross_table(counts, withheld):
    grid = _cycle_grid()
    names = list(FIELDS)
    cube = dict(zip(itertools.product(*FIELDS.values()), counts, strict=True))

    def count(table, position):
        total = 0
        for r, c in interior(table, position):
            wanted = {
                table.rows.field: table.row_values[r],
                table.columns.field: table.column_values[c],
            }
            total += sum(
                n
                for cell, n in cube.items()
                if all(cell[names.index(f)] == v for f, v in wanted.items())
            )
        return total

    cells = [
        (t, p)
        for t in grid.tables
        for p in linear_table([[0] * len(t.column_values)] * len(t.row_values)).values
    ]
    hidden = {i for i, flag in enumerate(withheld[: len(cells)]) if flag}

    model = AttackerModel(populations([grid], lambda *_: False), [grid])
    forms = [model.form(model.terms(1, grid, t, p)) for t, p in cells]
    size = model.size

    def matrix(rows, width):
        out = np.zeros((len(rows), width))
        for i, row in enumerate(rows):
            for j, weight in row.items():
                out[i, j] = weight
        return out

    published = [i for i in range(len(cells)) if i not in hidden]
    a_eq = matrix(model.equalities + [forms[i] for i in published], size)
    b_eq = [0.0] * len(model.equalities) + [count(*cells[i]) for i in published]

    # The whole cross-table: one unknown per combination of the four fields.
    combinations = list(cube)

    def whole(table, position):
        row = np.zeros(len(combinations))
        for r, c in interior(table, position):
            wanted = {
                table.rows.field: table.row_values[r],
                table.columns.field: table.column_values[c],
            }
            for j, cell in enumerate(combinations):
                if all(cell[names.index(f)] == v for f, v in wanted.items()):
                    row[j] = 1
        return row

    whole_eq = np.array([whole(*cells[i]) for i in published]).reshape(-1, len(combinations))
    whole_b = [count(*cells[i]) for i in published]
    for i in sorted(hidden):
        objective = np.zeros(size)
        for j, weight in forms[i].items():
            objective[j] = weight
        cliques = _range(a_eq, b_eq, None, objective)
        assert cliques == _range(whole_eq, whole_b, None, whole(*cells[i])), cells[i]
