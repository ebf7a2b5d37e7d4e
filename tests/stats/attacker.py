"""The attacker of docs/statistics-protection.md, written apart from the protection.

It reads a year as a statistician sees it (every grid, every office and the département,
pages and JSON exports, trends), types nothing itself but knows every cell of the grids
typed from paper, and solves linear programmes over the model of how Lien counts
(lien.stats.linkage) for every withheld count. A withheld count of n households with
0 < n < threshold is protected when the attacker's interval for it contains [0, threshold].
"""

import json
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix, hstack, identity, vstack

from lien.offices.models import Office
from lien.stats.compute import add, count_grid, empty_matrix
from lien.stats.definitions import TOTAL, grid_codes, load_grid
from lien.stats.disclosure import linear_table
from lien.stats.exports import export
from lien.stats.linkage import AttackerModel, populations
from lien.stats.models import StatEvent
from lien.stats.paper.cells import paper_matrix
from lien.stats.protection import ALL
from lien.stats.publication import typed_paper_grids
from lien.stats.selectors import grid_trends, published_grid

EPSILON = 1e-6


def layout(table) -> list[list]:
    """The positions of the cells of each published row, in the page's order."""
    has_row_totals = table.columns is not None
    n_columns = len(table.column_values) + (1 if has_row_totals else 0)
    rows = []
    for r in range(len(table.row_values)):
        rows.append([(r, c) for c in range(len(table.column_values))])
        if has_row_totals:
            rows[-1].append((r, TOTAL))
    if len(table.row_values) > 1 or not has_row_totals:
        if len(table.row_values) > 1:
            totals = [(TOTAL, c) for c in range(len(table.column_values))]
        else:
            totals = [(TOTAL, TOTAL)] if not has_row_totals else []
        if has_row_totals:
            totals.append((TOTAL, TOTAL))
        rows.append(totals[:n_columns])
    return rows


def seen(year: int) -> dict:
    """{(grid, scope, table, position): value or None} of every page and export of the
    year; the JSON export and the trends must show the same values as the page."""
    offices = list(Office.objects.all())
    everyone = {o.pk for o in offices}
    values = {}
    for grid_code in grid_codes(year):
        for scope in [o.pk for o in offices] + [ALL]:
            office_id = None if scope == ALL else scope
            page = published_grid(
                office_ids=everyone, grid_code=grid_code, year=year, office_id=office_id
            )
            exported = json.loads(export(page, "json"))
            trends = grid_trends(
                office_ids=everyone, grid_code=grid_code, years=[year], office_id=office_id
            )
            for table, as_json, trend in zip(page.tables, exported["tables"], trends, strict=True):
                positions = layout(table.table)
                for row, where, row_json in zip(
                    table.rows, positions, as_json["rows"], strict=True
                ):
                    for cell, position, shown in zip(
                        row.cells, where, row_json["cells"], strict=True
                    ):
                        assert shown == ("s" if cell.value is None else cell.value)
                        values[(grid_code, scope, table.table.code, position)] = cell.value
                totals = [values[(grid_code, scope, table.table.code, w[-1])] for w in positions]
                assert [series[0] for _label, series in trend.series] == totals
    return values


def truth(year: int) -> dict:
    """{(grid, scope, table, position): (count, part typed from paper)}, counted from
    the record itself (not from the kept tallies) and the typed grids."""
    offices = [o.pk for o in Office.objects.all()]
    papers = typed_paper_grids(year, [o.pk for o in Office.objects.all()])
    result = {}
    for grid_code in grid_codes(year):
        grid = load_grid(grid_code, year)
        typed = papers.get(grid_code, {})
        counted = count_grid(grid, year, [o for o in offices if o not in typed])
        for table in grid.tables:
            per_office = {}
            for office_id in offices:
                if office_id in typed:
                    per_office[office_id] = (
                        empty_matrix(table),
                        paper_matrix(table, typed[office_id]),
                    )
                else:
                    matrix = counted[table.code].get(office_id) or empty_matrix(table)
                    per_office[office_id] = (matrix, empty_matrix(table))
            for scope in [*offices, ALL]:
                members = offices if scope == ALL else [scope]
                computed, known = empty_matrix(table), empty_matrix(table)
                for office_id in members:
                    computed = add(computed, per_office[office_id][0])
                    known = add(known, per_office[office_id][1])
                everything = linear_table(add(computed, known)).values
                known_values = linear_table(known).values
                for position, count in everything.items():
                    result[(grid_code, scope, table.code, position)] = (
                        count,
                        known_values[position],
                    )
    return result


def _has_other(year: int):
    def check(kind, name, listed):
        values = [int(v) for v in listed if v.isdigit()] if name == "month" else list(listed)
        return (
            StatEvent.objects.filter(year=year, kind=kind)
            .exclude(**{f"{name}__in": values})
            .exists()
        )

    return check


@dataclass
class Attack:
    checked: int = 0  # withheld small counts whose interval was computed
    narrowed: list = field(default_factory=list)  # (cell, low, high, threshold, true)
    recovered_exactly: int = 0


def _sparse(rows: list[dict], width: int):
    data, columns, pointers = [], [], [0]
    for row in rows:
        columns.extend(row)
        data.extend(row.values())
        pointers.append(len(columns))
    return csr_matrix((data, columns, pointers), shape=(len(rows), width))


def attack(year: int, shown: dict, true: dict) -> Attack:
    grids = {code: load_grid(code, year) for code in grid_codes(year)}
    offices = [o.pk for o in Office.objects.all()]
    typed = typed_paper_grids(year, [o.pk for o in Office.objects.all()])
    model = AttackerModel(populations(list(grids.values()), _has_other(year)), list(grids.values()))
    equations, rhs, targets = [], [], {}
    for key, value in shown.items():
        grid_code, scope, table_code, position = key
        grid, table = grids[grid_code], grids[grid_code].table(table_code)
        members = [
            o for o in (offices if scope == ALL else [scope]) if o not in typed.get(grid_code, {})
        ]
        terms = frozenset().union(*(model.terms(o, grid, table, position) for o in members))
        if not terms:
            continue  # nothing unknown: typed from paper, or no office computed
        count, known = true[key]
        if value is not None:
            assert value == count, key  # what is shown is true
            equations.append(model.form(terms))
            rhs.append(value - known)
        elif 0 < count - known < table.threshold:
            previous = targets.get(terms, (key, 0, count - known))
            targets[terms] = (key, max(previous[1], table.threshold), count - known)
    forms = [model.form(terms) for terms in targets]
    size = model.size  # every unknown exists once every form was written
    a_eq = _sparse(model.equalities + equations, size)
    b_eq = np.array([0.0] * len(model.equalities) + rhs)
    a_ub = _sparse(model.inequalities, size) if model.inequalities else None
    found = Attack()

    def solve(cost, extra_ub=None, caps=()):
        eq, ub = a_eq, a_ub
        if caps:
            eq = hstack([eq, csr_matrix((eq.shape[0], len(caps)))]).tocsr()
            ub = (
                extra_ub
                if ub is None
                else vstack([hstack([ub, csr_matrix((ub.shape[0], len(caps)))]), extra_ub])
            )
        kwargs = {} if ub is None else {"A_ub": ub, "b_ub": np.zeros(ub.shape[0])}
        bounds = [(0, None)] * size + list(caps)
        result = linprog(cost, A_eq=eq, b_eq=b_eq, bounds=bounds, method="highs", **kwargs)
        assert result.status in (0, 3), result.message  # the true year is a solution
        return result

    target_forms = _sparse(forms, size) if forms else None
    low_open = set(range(len(forms)))
    high_open = set(range(len(forms)))
    thresholds = [t for _key, t, _true in targets.values()]

    def witness(x):
        if x is None or target_forms is None:
            return
        values = target_forms @ x[:size]
        for i, value in enumerate(values):
            if value <= EPSILON:
                low_open.discard(i)
            if value >= thresholds[i] - EPSILON:
                high_open.discard(i)

    if forms:
        result = solve(np.asarray(target_forms.sum(axis=0)).ravel())
        witness(result.x)
        capped = hstack([-target_forms, identity(len(forms), format="csr")]).tocsr()
        cost = np.concatenate([np.zeros(size), -np.ones(len(forms))])
        witness(solve(cost, capped, [(0, t) for t in thresholds]).x)
    lows, highs = {}, {}
    for i, form in enumerate(forms):
        for side, still_open, store in ((1.0, low_open, lows), (-1.0, high_open, highs)):
            if i not in still_open:
                continue
            cost = np.zeros(size)
            for unknown, weight in form.items():
                cost[unknown] = side * weight
            result = solve(cost)
            if result.status == 3:
                still_open.discard(i)
                continue
            store[i] = side * result.fun
            witness(result.x)
    for i, (key, threshold, value) in enumerate(targets.values()):
        found.checked += 1
        if i in low_open or i in high_open:
            low, high = lows.get(i, 0.0), highs.get(i)
            found.narrowed.append((key, low, high, threshold, value))
            if high is not None and high - low < 0.5:
                found.recovered_exactly += 1
    return found
