"""What the database itself refuses, and to whom.

The audit tables (events, seals, checkpoints, redactions) refuse UPDATE and DELETE
through triggers, except inside a maintenance window: a row in `audit_maintenance_window`
that exists only within the transaction of a maintenance act (maintenance.py).

On PostgreSQL that is not the protection: anyone who may insert that row may open the
window. So Lien runs with two roles (docs/admin/database-roles.md): the *owner*, who runs
the migrations and the maintenance commands, owns the tables and alone can open the
window, disable a trigger or drop a table; and the *application role*, which the web
server and the sealer use, and which may read every audit table, append events, seals
and queue entries, and nothing else there. `grant_application_role` gives it exactly that
(and the ordinary rights on the other tables); it runs after every migration when
`LIEN_DB_APP_ROLE` is set, and from `manage.py grant_app_role`.

On SQLite there is one file and no roles: whoever can write the file can drop the
triggers. There the audit key and the anchors are what catch tampering.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.backends.utils import CursorWrapper

WINDOW_TABLE = "audit_maintenance_window"
EVENT_TABLE = "audit_auditevent"
SEAL_TABLE = "audit_auditseal"
CHECKPOINT_TABLE = "audit_auditcheckpoint"
REDACTION_TABLE = "audit_auditredaction"
PENDING_TABLE = "audit_pendingseal"
GUARDED_TABLES = (EVENT_TABLE, SEAL_TABLE, CHECKPOINT_TABLE, REDACTION_TABLE)

_BLOCKED = "audit events are append-only: use lien.audit.maintenance"

# What the application role may do to each audit table (everything else is revoked).
_APPLICATION_RIGHTS = {
    EVENT_TABLE: "SELECT, INSERT",
    SEAL_TABLE: "SELECT, INSERT",
    PENDING_TABLE: "SELECT, INSERT, DELETE",
    CHECKPOINT_TABLE: "SELECT",
    REDACTION_TABLE: "SELECT",
    WINDOW_TABLE: "SELECT",
}


def guard_sql(vendor: str, tables: Iterable[str] = GUARDED_TABLES) -> list[str]:
    """The statements that make the database refuse changes to the audit tables."""
    # Table names are constants of this module, not input: S608 does not apply.
    if vendor == "postgresql":
        statements = [
            f"""CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM {WINDOW_TABLE}) THEN
                RAISE EXCEPTION '{_BLOCKED}';
              END IF;
              RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
            END $$ LANGUAGE plpgsql"""
        ]
        for table in tables:
            statements += [
                f"DROP TRIGGER IF EXISTS audit_append_only ON {table}",
                f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
            ]
        return statements
    if vendor == "sqlite":
        statements = []
        for table in tables:
            # The events' triggers keep their first names (migration 0003).
            prefix = "audit" if table == EVENT_TABLE else table
            for op in ("update", "delete"):
                statements += [
                    f"DROP TRIGGER IF EXISTS {prefix}_no_{op}",
                    f"""CREATE TRIGGER {prefix}_no_{op} BEFORE {op.upper()} ON {table}
                    WHEN NOT EXISTS (SELECT 1 FROM {WINDOW_TABLE})
                    BEGIN SELECT RAISE(ABORT, '{_BLOCKED}'); END""",
                ]
        return statements
    return []


def install_guard(tables: Iterable[str] = GUARDED_TABLES) -> None:
    with connection.cursor() as cursor:
        for statement in guard_sql(connection.vendor, tables):
            cursor.execute(statement)


def _existing(tables: Iterable[str]) -> list[str]:
    present = set(connection.introspection.table_names())
    return [table for table in tables if table in present]


def revoke_changes_from(cursor: CursorWrapper, role: str) -> None:
    """PostgreSQL: the application's role may read the audit tables and append to them,
    never change or empty them, nor open the maintenance window."""
    quoted = connection.ops.quote_name(role)
    for table in _existing(_APPLICATION_RIGHTS):
        cursor.execute(f"REVOKE ALL ON {table} FROM {quoted}")
        cursor.execute(f"GRANT {_APPLICATION_RIGHTS[table]} ON {table} TO {quoted}")


def revoke_from_public(cursor: CursorWrapper) -> None:
    for table in _existing((*GUARDED_TABLES, WINDOW_TABLE)):
        cursor.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC")


def grant_application_role(role: str) -> None:
    """PostgreSQL: what the application role needs on every table of Lien's schema, then
    the audit tables narrowed to appending. Run as the owner; idempotent."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("database roles exist on PostgreSQL only")
    quoted = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            raise ValueError(f"the role {role} does not exist: create it first (CREATE ROLE)")
        if row[0]:
            raise ValueError(f"the role {role} is a superuser: it would bypass every guard")
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {quoted}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {quoted}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}")
        revoke_from_public(cursor)
        revoke_changes_from(cursor, role)
