"""What the database itself refuses, and to whom.

On PostgreSQL the test cluster runs as the superuser `lien`; the tests create a plain
application role, give it its rights as `migrate` does (LIEN_DB_APP_ROLE), and act as it:
it works (reads, appends, seals) but cannot open the maintenance window, nor change,
delete or empty events, seals or checkpoints. On SQLite there are no roles: the triggers
refuse plain UPDATE and DELETE, and anyone with the file can drop them (the key and the
anchors catch what follows: test_attacks.py)."""

from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from lien.audit.chain import verify
from lien.audit.database_guard import WINDOW_TABLE, grant_application_role, install_guard
from lien.audit.maintenance import MaintenanceRefused, prune
from lien.audit.models import Action, AuditEvent, AuditSeal
from lien.audit.sealer import seal_pending
from lien.audit.services import record

from .conftest import logins

pytestmark = pytest.mark.django_db

APP_ROLE = "lien_app_test"


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL roles")


@contextmanager
def _as_application_role():
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') "
            f"THEN CREATE ROLE {APP_ROLE} NOLOGIN; END IF; END $$"
        )
    grant_application_role(APP_ROLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {APP_ROLE}")
        try:
            yield cursor
        finally:
            cursor.execute("RESET ROLE")


def _refused(cursor, sql, params=()):
    with (
        pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
        transaction.atomic(),
    ):
        cursor.execute(sql, params)


def test_the_application_role_appends_and_seals_but_changes_nothing(world):
    _postgresql_only()
    logins(world, 2)
    event = AuditEvent.objects.order_by("id").first()
    with _as_application_role() as cursor:
        record(actor=world.users["dpo"], action=Action.LOGIN)
        assert seal_pending() == 1
        assert verify(anchors=False).intact
        for table, column in (
            ("audit_auditevent", "reason"),
            ("audit_auditseal", "mac"),
            ("audit_auditcheckpoint", "reason"),
            ("audit_auditredaction", "mac"),
        ):
            _refused(cursor, f"UPDATE {table} SET {column} = 'x'")
            _refused(cursor, f"DELETE FROM {table}")
            _refused(cursor, f"TRUNCATE {table}")
        _refused(cursor, "UPDATE audit_auditevent SET reason = 'x' WHERE id = %s", [event.pk])
        _refused(cursor, "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        _refused(cursor, "DROP TRIGGER audit_append_only ON audit_auditevent")
    assert AuditSeal.objects.count() == 3


def test_the_application_role_cannot_open_the_maintenance_window(world):
    _postgresql_only()
    logins(world, 2)
    with _as_application_role() as cursor:
        _refused(cursor, f"INSERT INTO {WINDOW_TABLE} (purpose) VALUES ('attack')")
        with pytest.raises(MaintenanceRefused, match="owner role"):
            prune(cutoff=AuditEvent.objects.order_by("-id").first().at)
        with pytest.raises(CommandError, match="owner role"):
            call_command("prune_audit", wet_run=True)
    assert AuditEvent.objects.count() == 2


def test_grant_app_role_refuses_a_superuser(world):
    _postgresql_only()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        superuser = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", superuser)


def test_grant_app_role_explains_sqlite(world):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("grant_app_role", "anyone")


def test_the_database_refuses_plain_update_and_delete(world):
    if connection.vendor == "sqlite":
        install_guard()  # the test settings leave it out on SQLite (see config/settings/test.py)
    logins(world, 1)
    event = AuditEvent.objects.get()
    for sql in (
        "UPDATE audit_auditevent SET reason = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "UPDATE audit_auditseal SET mac = 'x' WHERE event_id = %s",
        "DELETE FROM audit_auditseal WHERE event_id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, reason="event 0").exists()
