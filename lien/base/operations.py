"""Migration operations that keep a large table writable while they run.

`AddIndexConcurrently` builds the index with PostgreSQL's CREATE INDEX CONCURRENTLY: the
table's writers (an agent logging a visit, an import) never wait for the build, which on
a département's visits or appointments can take minutes (lien/base/migration_locks.py
refuses a plain CREATE INDEX on such a table). SQLite has no such statement, and its one
writer waits for any migration anyway: there, a plain index. A migration using it must
say `atomic = False` (a concurrent build cannot run inside a transaction).
"""

from django.contrib.postgres import operations as postgres
from django.db.migrations.operations import AddIndex


class AddIndexConcurrently(postgres.AddIndexConcurrently):
    def _ensure_not_in_transaction(self, schema_editor):
        # Only SQL collected (`sqlmigrate`, `check_migration_locks`): nothing runs, so an
        # enclosing transaction does not matter; the lock check reads this SQL in one.
        if not schema_editor.collect_sql:
            super()._ensure_not_in_transaction(schema_editor)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
