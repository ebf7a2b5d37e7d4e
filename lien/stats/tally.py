"""Grid cells kept up to date at the moment each event is recorded.

Counting a grid from the events reads every event of the year (seconds at a million
events); reading its kept cells reads a few thousand rows. Each event adds one to the
cells it falls in; for a table counting distinct households, only when the household had
no other event in that cell yet. The cells are kept per definition of the grid (its
fingerprint): when a grid's YAML changes, its cells are counted afresh from the events
(`stats_rebuild_tallies`), and until then the grid is counted from the events.

A writer does not update the shared cell: it appends a delta (`GridCellDelta`), an
INSERT that takes no lock another writer waits for (an UPDATE of the cell "activity,
office 12, new households, single" would queue every worker of office 12 recording a visit
until each one commits). The task that publishes the year folds the deltas into the
cells (`fold`); every read of the counts (`kept_counts`) adds the deltas not folded yet,
so the counts are exact at any moment.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Sum

from .compute import Matrix, count_grid
from .definitions import TOTAL, Grid, Table, grid_codes, load_grid
from .models import GridCell, GridCellDelta, GridTally, Kind, StatEvent

# An event as a row: its columns by name (the database's values, of every type).
EventRow = Mapping[str, Any]
Address = tuple[str, str]  # (row, column) of a cell, TOTAL as column when there are none
# (year, office id, household token) of a household that had events before a batch.
Household = tuple[int, int, str]


def _summable(table: Table) -> bool:
    return table.measure == "events" or set(table.kinds) == {Kind.SITUATION}


def _address(table: Table, event: EventRow) -> Address | None:
    """The (row, column) of the table the event falls in, or None."""
    if event["kind"] not in table.kinds:
        return None
    for name, values in table.filters.items():
        if str(event[name]) not in values:
            return None
    row = str(event[table.rows.field])
    if row not in table.row_values:
        return None
    column = TOTAL
    if table.columns is not None:
        column = str(event[table.columns.field])
        if column not in table.column_values:
            return None
    return row, column


def _supported_elsewhere(table: Table, event: EventRow, address: Address) -> bool:
    """Whether another event of the household already puts it in this cell."""
    others = StatEvent.objects.filter(
        year=event["year"],
        office_id=event["office_id"],
        household_token=event["household_token"],
        kind__in=table.kinds,
        **{f"{name}__in": values for name, values in table.filters.items()},
        **{table.rows.field: address[0]},
    ).exclude(pk=event["id"])
    if table.columns is not None:
        others = others.filter(**{table.columns.field: address[1]})
    return others.exists()


def _tallies(year: int, *, create: bool) -> list[tuple[GridTally, Grid]]:
    tallies = []
    for code in grid_codes(year):
        grid = load_grid(code, year)
        tally = GridTally.objects.filter(grid=code, definition=grid.digest, year=year).first()
        if tally is None and create:
            tally = GridTally.objects.create(grid=code, definition=grid.digest, year=year)
        if tally is not None:
            tallies.append((tally, grid))
    return tallies


def _delta(
    tally_id: int, table_code: str, office_id: int, address: Address, n: int
) -> GridCellDelta:
    return GridCellDelta(
        tally_id=tally_id,
        table=table_code,
        office_id=office_id,
        row=address[0],
        column=address[1],
        n=n,
    )


def _add(tally: GridTally, table_code: str, office_id: int, address: Address, delta: int) -> None:
    GridCellDelta.objects.bulk_create([_delta(tally.pk, table_code, office_id, address, delta)])


def _apply(event: EventRow, delta: int, *, first_of_year: bool) -> None:
    for tally, grid in _tallies(event["year"], create=first_of_year):
        for table in grid.tables:
            address = _address(table, event)
            if address is None:
                continue
            if not _summable(table) and _supported_elsewhere(table, event, address):
                continue
            _add(tally, table.code, event["office_id"], address, delta)


def _as_dict(event: StatEvent) -> dict[str, Any]:
    return {f.attname: getattr(event, f.attname) for f in StatEvent._meta.concrete_fields}


def count_event(event: StatEvent) -> None:
    """After an event is written: one more in each cell it falls in. The year's first
    event starts the year's tallies."""
    first = not StatEvent.objects.filter(year=event.year).exclude(pk=event.pk).exists()
    _apply(_as_dict(event), +1, first_of_year=first)


def count_batch(batch: Sequence[EventRow], *, new_years: set[int], present: set[Household]) -> None:
    """After many events are written together (each a dict of every column of its row):
    the same cells as `count_event` for each in turn. `new_years` are the years that had
    no event before the batch (their tallies start now); `present` the (year, office,
    token) of households that had events before it, whose earlier events may already put
    them in a cell counting households."""
    ids = {event["id"] for event in batch}
    earlier: list[EventRow] = []
    for year, office_id, token in present:
        earlier.extend(
            e
            for e in StatEvent.objects.filter(
                year=year, office_id=office_id, household_token=token
            ).values()
            if e["id"] not in ids
        )
    # {(tally id, table code, office id, address): events to add}
    deltas: Counter[tuple[int, str, int, Address]] = Counter()
    kept: dict[int, GridTally] = {}  # keyed by id: a model instance hashes slowly
    for year in {event["year"] for event in batch}:
        of_year = [e for e in batch if e["year"] == year]
        for grid_tally, grid in _tallies(year, create=year in new_years):
            kept[grid_tally.pk] = grid_tally
            for table in grid.tables:
                summable = _summable(table)
                seen: set[tuple[int, str, Address]] = set()  # (office, token, address)
                if not summable:
                    for e in earlier:
                        address = e["year"] == year and _address(table, e)
                        if address:
                            seen.add((e["office_id"], e["household_token"], address))
                for e in of_year:
                    address = _address(table, e)
                    if address is None:
                        continue
                    if not summable:
                        household = (e["office_id"], e["household_token"], address)
                        if household in seen:
                            continue
                        seen.add(household)
                    deltas[(grid_tally.pk, table.code, e["office_id"], address)] += 1
    GridCellDelta.objects.bulk_create(
        [
            _delta(tally_id, table, office_id, address, n)
            for (tally_id, table, office_id, address), n in deltas.items()
        ],
        batch_size=2000,
    )


def uncount_event(event: StatEvent) -> None:
    """Before an event is changed or removed: one less in each cell it fell in alone."""
    _apply(_as_dict(event), -1, first_of_year=False)


def kept_counts(
    grid: Grid, year: int, office_ids: Iterable[int]
) -> dict[str, dict[int, Matrix]] | None:
    """{table: {office: matrix}} from the kept cells, or None when they are not kept for
    this definition and year."""
    tally = GridTally.objects.filter(grid=grid.code, definition=grid.digest, year=year).first()
    if tally is None:
        return None
    from .compute import empty_matrix

    counts: dict[str, dict[int, Matrix]] = {table.code: {} for table in grid.tables}
    # Row and column positions looked up once per table, not once per cell.
    layout = {
        table.code: (
            table,
            {v: i for i, v in enumerate(table.row_values)},
            {v: i for i, v in enumerate(table.column_values)},
        )
        for table in grid.tables
    }
    offices = list(office_ids)
    cells = GridCell.objects.filter(tally=tally, office_id__in=offices).values_list(
        "table", "office_id", "row", "column", "n"
    )
    pending = (
        GridCellDelta.objects.filter(tally=tally, office_id__in=offices)
        .values_list("table", "office_id", "row", "column")
        .annotate(total=Sum("n"))
        .order_by()
    )
    for table_code, office_id, row, column, n in [*cells, *pending]:
        if table_code not in layout:
            continue
        table, rows, columns = layout[table_code]
        r, c = rows.get(row), columns.get(column)
        if r is None or c is None:
            continue
        matrix = counts[table_code].get(office_id)
        if matrix is None:
            matrix = counts[table_code][office_id] = empty_matrix(table)
        matrix[r][c] += n
    return counts


def rebuild(year: int) -> None:
    """Counts every grid's cells for the year afresh from the events."""
    offices = list(
        StatEvent.objects.filter(year=year).values_list("office_id", flat=True).distinct()
    )
    for code in grid_codes(year):
        grid = load_grid(code, year)
        GridTally.objects.filter(grid=code, year=year).delete()
        tally = GridTally.objects.create(grid=code, definition=grid.digest, year=year)
        cells = []
        for table_code, by_office in count_grid(grid, year, offices).items():
            table = grid.table(table_code)
            for office_id, matrix in by_office.items():
                for r, row in enumerate(table.row_values):
                    for c, column in enumerate(table.column_values):
                        if matrix[r][c]:
                            cells.append(
                                GridCell(
                                    tally=tally,
                                    table=table_code,
                                    office_id=office_id,
                                    row=row,
                                    column=column,
                                    n=matrix[r][c],
                                )
                            )
        GridCell.objects.bulk_create(cells, batch_size=2000)


def pending_changes(year: int) -> bool:
    """Whether counts of the year changed since the deltas were last folded, that is
    since the year was last published (the task folds them as it publishes)."""
    return GridCellDelta.objects.filter(tally__year=year).exists()


def fold(year: int) -> int:
    """Adds the year's deltas into their cells and removes them; answers how many. Only
    the deltas present when it starts: those appended meanwhile wait for the next fold.
    Run by the publishing task, one at a time per year (its job)."""
    with transaction.atomic():
        deltas = GridCellDelta.objects.filter(tally__year=year)
        last = deltas.aggregate(last=Max("pk"))["last"]
        if last is None:
            return 0
        deltas = deltas.filter(pk__lte=last)
        folded = deltas.count()
        sums = (
            deltas.values_list("tally_id", "table", "office_id", "row", "column")
            .annotate(total=Sum("n"))
            .order_by()
        )
        for tally_id, table_code, office_id, row, column, n in sums:
            cell = {"tally_id": tally_id, "table": table_code, "office_id": office_id}
            cell.update(row=row, column=column)
            if n and not GridCell.objects.filter(**cell).update(n=F("n") + n):
                GridCell.objects.create(**cell, n=n)
        deltas.delete()
    return folded
