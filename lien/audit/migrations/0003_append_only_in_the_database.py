"""Chains the events written before the hash chain existed, then makes the database
itself refuse UPDATE and DELETE on the audit log (see lien/audit/maintenance.py)."""

from django.conf import settings
from django.db import migrations

from lien.audit.chain import GENESIS
from lien.audit.chain import legacy_digest as digest
from lien.audit.database_guard import EVENT_TABLE, WINDOW_TABLE, guard_sql, revoke_changes_from


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator():
        # The historical model has the plain manager: this update is the one exception.
        event_hash = digest(event, previous)
        AuditEvent.objects.filter(pk=event.pk).update(previous_hash=previous, hash=event_hash)
        previous = event_hash


def install_guard(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {WINDOW_TABLE} (purpose varchar(20) NOT NULL)")
        if connection.vendor == "sqlite" and not settings.LIEN_AUDIT_DB_GUARD:
            return
        for statement in guard_sql(connection.vendor, [EVENT_TABLE]):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {EVENT_TABLE} FROM PUBLIC")
            if settings.LIEN_DB_APP_ROLE:
                revoke_changes_from(cursor, settings.LIEN_DB_APP_ROLE)


def remove_guard(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS audit_append_only ON {EVENT_TABLE}")
            cursor.execute("DROP FUNCTION IF EXISTS audit_append_only()")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        cursor.execute(f"DROP TABLE {WINDOW_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain_and_checkpoints")]

    operations = [
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.RunPython(install_guard, remove_guard),
    ]
