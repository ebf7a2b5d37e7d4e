"""Paper grids for tests: built from a list of made-up households, as an office would
count them on paper, so that every total and every shared margin agrees by construction."""

import random

from lien.offices.models import RecordKeeping, RecordKeepingChange
from lien.stats.definitions import TOTAL, load_grid
from lien.stats.disclosure import linear_table
from lien.stats.models import Kind
from lien.stats.paper.cells import address


def _situation_fields() -> list[str]:
    """Every field a table of the households' situation cuts them by, in either grid."""
    fields: dict[str, None] = {}
    for code in ("activity", "population"):
        for table in load_grid(code).tables:
            if set(table.kinds) == {Kind.SITUATION}:
                fields[table.rows.field] = None
                if table.columns:
                    fields[table.columns.field] = None
    return list(fields)


SITUATION_FIELDS = tuple(_situation_fields())


def _categories(field: str) -> list[str]:
    for code in ("activity", "population"):
        for table in load_grid(code).tables:
            if set(table.kinds) == {Kind.SITUATION}:
                if table.rows.field == field:
                    return table.row_values
                if table.columns and table.columns.field == field:
                    return table.column_values
    raise LookupError(field)


def households(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    return [{f: rng.choice(_categories(f)) for f in SITUATION_FIELDS} for _ in range(n)]


def _matrix(table, people: list[dict], events: int) -> list[list[int]]:
    if set(table.kinds) != {Kind.SITUATION}:
        if table.columns is not None and table.columns.field in SITUATION_FIELDS:
            # Events cut by the households' situation: all of them in its first category,
            # so that each row adds up to the same events as in the table by row alone.
            return [[events] + [0] * (len(table.column_values) - 1) for _ in table.row_values]
        return [[events] * len(table.column_values) for _ in table.row_values]
    matrix = [[0] * len(table.column_values) for _ in table.row_values]
    for person in people:
        r = table.row_values.index(person[table.rows.field])
        c = table.column_values.index(person[table.columns.field]) if table.columns else 0
        matrix[r][c] += 1
    return matrix


def typed_values(grid_code: str, people: list[dict], events: int = 3) -> dict:
    """{table: {"row|column": "count"}} as typed in the form: strings, margins included."""
    values = {}
    for table in load_grid(grid_code).tables:
        linear = linear_table(_matrix(table, people, events))
        values[table.code] = {address(table, p): str(n) for p, n in linear.values.items()}
    return values


def as_form_data(values: dict) -> dict:
    return {f"{table}:{key}": n for table, cells in values.items() for key, n in cells.items()}


def grand_total(values: dict, table: str) -> int:
    return int(values[table][f"{TOTAL}|{TOTAL}"])


def mark(office, mode: str, since=None):
    return RecordKeepingChange.objects.create(office=office, mode=mode, since=since)


def paper_based(office):
    """The office keeps its records on paper, from the start."""
    return mark(office, RecordKeeping.PAPER)
