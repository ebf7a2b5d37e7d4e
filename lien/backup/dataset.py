"""What a backup holds: every row of the database, except what is rebuilt or transient,
written and read back in batches so that neither side holds the whole database at once."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model

# Rebuilt by `migrate` (content types, permissions), or transient (sessions, lockout
# counters, the files prepared for a day, lien/storage/prepared.py): restoring them would
# clash with the fresh database or revive stale state.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "storage.preparedfile"]
BATCH = 2000


def backed_up_models() -> list[type[Model]]:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e.lower() for e in EXCLUDED if "." in e}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in excluded_apps
        and m._meta.label_lower not in excluded_models
        and m._meta.managed
        and not m._meta.proxy
    ]


def applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}"
        for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
    )


def non_empty_tables() -> list[str]:
    return [m._meta.label for m in backed_up_models() if m._base_manager.exists()]


@contextmanager
def read_snapshot() -> Iterator[None]:
    """One consistent view of the database that never holds writers back.

    PostgreSQL: a read-only repeatable-read transaction. SQLite (in WAL mode): a deferred
    transaction, which reads a snapshot and takes no lock; the IMMEDIATE mode the web
    server uses would hold the write lock, and every writer with it, for the whole dump.
    """
    if connection.vendor == "sqlite":
        # The mode Django's SQLite backend reads when it opens a transaction.
        usual = getattr(connection, "transaction_mode", None)
        setattr(connection, "transaction_mode", "DEFERRED")  # noqa: B010  (not in the stubs)
        try:
            with transaction.atomic():
                yield
        finally:
            setattr(connection, "transaction_mode", usual)  # noqa: B010
        return
    with transaction.atomic():
        if connection.vendor == "postgresql" and not connection.savepoint_ids:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def dump_batches() -> Iterator[bytes]:
    """The rows as JSON lists of at most BATCH objects, models in an order that loads
    (what a row points to comes first), rows in primary-key order."""
    ordered = serializers.sort_dependencies(
        [(apps.get_app_config(m._meta.app_label), [m]) for m in backed_up_models()],
        allow_cycles=True,
    )
    for model in ordered:
        # Models whose rows are large (the stored files) say how many fit in memory.
        size = getattr(model, "BACKUP_BATCH", BATCH)
        rows = model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=size)
        batch: list[Model] = []
        for row in rows:
            batch.append(row)
            if len(batch) == size:
                yield serialise(batch)
                batch = []
        if batch:
            yield serialise(batch)


def serialise(rows: list[Model]) -> bytes:
    return serializers.serialize("json", rows, use_natural_foreign_keys=True).encode("utf-8")


class Loader:
    """Loads batches the way `loaddata` does (raw saves, forward references resolved at the
    end, constraints checked once everything is in, sequences moved past the restored
    ids), inside the caller's transaction."""

    def __init__(self) -> None:
        self.models: set[type[Model]] = set()
        self.count = 0
        self._deferred: list[serializers.base.DeserializedObject] = []

    def load(self, batches: Iterable[bytes]) -> None:
        with connection.constraint_checks_disabled():
            for batch in batches:
                for obj in serializers.deserialize("json", batch, handle_forward_references=True):
                    self.models.add(type(obj.object))
                    obj.save()
                    self.count += 1
                    if obj.deferred_fields:
                        self._deferred.append(obj)
            for obj in self._deferred:
                obj.save_deferred_fields()
        connection.check_constraints(table_names=[m._meta.db_table for m in self.models])
        reset = connection.ops.sequence_reset_sql(no_style(), list(self.models))
        if reset:
            with connection.cursor() as cursor:
                for statement in reset:
                    cursor.execute(statement)
