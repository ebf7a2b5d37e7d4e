"""Inserting many new rows fast, for bulk imports.

Django's `bulk_create` compiles every value of every row through the ORM (a few
microseconds each: most of an import of 100,000 households). Here each row becomes a
tuple of database values and the rows go to the driver's `executemany` in one prepared
statement. Primary keys are given, not read back: `reserve_ids` takes a block of ids
from the table's sequence first, as the database would have given them.
"""

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


def _converter(field, db):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), db)
    attname = field.attname
    if isinstance(field, _AS_IS) or (
        isinstance(field, models.ForeignKey) and isinstance(field.target_field, _AS_IS)
    ):
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), db)


def insert(objs: list[models.Model], *, batch_size: int = 5000) -> None:
    """INSERTs new model instances, their values converted for the database as `save`
    would. Their primary keys are either all set (reserved, or a UUID default) or, for an
    auto-increment key, all left to the database (and then not read back)."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]  # the real connection, not its per-thread proxy
    model = type(objs[0])
    fields = model._meta.concrete_fields
    pk = model._meta.pk
    if isinstance(pk, AutoFieldMixin) and all(obj.pk is None for obj in objs):
        fields = [field for field in fields if field is not pk]  # the database numbers them
    converters = [_converter(field, db) for field in fields]
    quote = db.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with db.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            cursor.executemany(sql, [tuple(c(obj) for c in converters) for obj in batch])
    for obj in objs:
        obj._state.adding, obj._state.db = False, db.alias
