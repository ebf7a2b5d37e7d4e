"""Inserting many new rows fast, for bulk imports.

Django's `bulk_create` compiles every value of every row through the ORM (a few
microseconds each: most of an import of 100,000 households). Here each row is a tuple
of values built by the caller from the data it has (a model instance per row cost more
than its insert), converted for the database where needed, and the rows go to the
driver in one statement (SQLite: `executemany`; PostgreSQL: COPY). Primary keys are
given, not read back: `reserve_ids` takes a block of ids from the table's sequence
first, as the database would have given them.
"""

from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.fields import AutoFieldMixin


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` new ids for an auto-increment primary key, never given before (not even to
    a row since deleted). Call inside the transaction that inserts them: on SQLite it
    holds the write lock (IMMEDIATE), and the explicit ids move the table's sequence on."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            column = model._meta.pk.column
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(connection.vendor)
        # AUTOINCREMENT: the next id is above both the sequence and any row left.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        cursor.execute(f"SELECT max({model._meta.pk.column}) FROM {table}")  # noqa: S608
        last = max(row[0] if row else 0, cursor.fetchone()[0] or 0)
    return list(range(last + 1, last + 1 + count))


# Fields whose Python value is already what the driver takes (str, int, bool, a key):
# their values are passed as they are, the costly part of the ORM's conversion skipped.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def _as_is(field) -> bool:
    return isinstance(field, _AS_IS) or (
        isinstance(field, models.ForeignKey) and isinstance(field.target_field, _AS_IS)
    )


def _value_converter(field, db):
    """Python value → database value for the field, or None when it goes as it is."""
    if _as_is(field):
        return None
    if isinstance(field, models.DateField):  # DateTimeField too
        # A batch repeats its dates (today, one birth date for many): each converted once.
        converted: dict = {}

        def convert(value):
            if value not in converted:
                converted[value] = field.get_db_prep_save(value, db)
            return converted[value]

        return convert
    return lambda value: field.get_db_prep_save(value, db)


def _write(db, model, columns: Sequence[str], rows: Iterable[tuple], batch_size: int) -> None:
    """Writes tuples of database values. On PostgreSQL with COPY: `executemany` there
    sends one INSERT per row (pipelined, but each one parsed, bound and executed by the
    server, and each row's values adapted by psycopg one statement at a time), which took
    more than half of an import's time; COPY streams the rows as one statement. Triggers
    and constraints apply to COPY as to INSERT."""
    quote = db.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 (names from the model)
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == batch_size:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[tuple],
    *,
    batch_size: int = 5000,
) -> None:
    """INSERTs new rows given as tuples of Python values, one per column of `columns`
    (field attnames: "household_id", not "household"), converted for the database as
    `save` would. Every column left out takes its field's default, which must be a
    constant: a callable one (a date, a UUID) would be one value for every row, so it is
    refused, as is an auto_now field. An auto-increment key left out is numbered by the
    database (and not read back)."""
    db = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    by_attname = {field.attname: field for field in meta.concrete_fields}
    fields = [by_attname[column] for column in columns]  # KeyError: not a column
    left_out, constants = [], []
    for field in meta.concrete_fields:
        if field in fields or (field is meta.pk and isinstance(field, AutoFieldMixin)):
            continue
        if (
            (field.has_default() and callable(field.default))
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            raise ValueError(f"{meta.label}.{field.attname}: give its value, not its default")
        left_out.append(field)
        constants.append(field.get_db_prep_save(field.get_default(), db))
    constant_values = tuple(constants)
    converting = [
        (i, convert)
        for i, convert in enumerate(_value_converter(field, db) for field in fields)
        if convert is not None
    ]

    def prepared(row: tuple) -> tuple:
        if converting:
            values = list(row)
            for i, convert in converting:
                values[i] = convert(values[i])
            row = tuple(values)
        return row + constant_values

    columns = [field.column for field in fields + left_out]
    _write(db, model, columns, (prepared(row) for row in rows), batch_size)
