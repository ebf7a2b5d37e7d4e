"""Migrations checked for long locks on PostgreSQL (lien/base/migration_locks.py) and
`migrate`'s lock timeout (docs/admin/upgrade.md). The rules are tested on SQL written
here; the whole check runs on the real migrations when the suite runs on PostgreSQL
(`make test-postgres`, in CI)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import OperationalError, connection
from psycopg import errors as pg_errors

from lien.base import migration_locks
from lien.base.management.commands.migrate import Command as LienMigrate

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads the SQL of PostgreSQL"
)


def rules_broken(*statements: str) -> list[tuple[str, str]]:
    return [(f.rule, f.table) for f in migration_locks.findings_in("app", "0001", statements)]


@pytest.mark.parametrize(
    ("statement", "rule"),
    [
        (
            'CREATE INDEX "x_idx" ON "casefiles_person" ("birth_name");',
            "index_without_concurrently",
        ),
        (
            'CREATE UNIQUE INDEX "x" ON "casefiles_person" ("a") WHERE "b";',
            "index_without_concurrently",
        ),
        (
            'ALTER TABLE "casefiles_person" ALTER COLUMN "phone" TYPE varchar(40);',
            "column_type_change",
        ),
        ('ALTER TABLE "casefiles_person" ALTER COLUMN "phone" SET NOT NULL;', "set_not_null"),
        (
            'ALTER TABLE "casefiles_person" ADD COLUMN "u" uuid DEFAULT gen_random_uuid() NOT NULL;',
            "volatile_default",
        ),
        (
            'ALTER TABLE "casefiles_note" ADD CONSTRAINT "n_fk" FOREIGN KEY ("a_id") '
            'REFERENCES "accounts_user" ("id") DEFERRABLE INITIALLY DEFERRED;',
            "validated_constraint",
        ),
        (
            'ALTER TABLE "casefiles_note" ADD CONSTRAINT "c" CHECK ("x" > 0);',
            "validated_constraint",
        ),
        ('ALTER TABLE "casefiles_note" ADD CONSTRAINT "u" UNIQUE ("x");', "unique_constraint"),
    ],
)
def test_a_long_lock_on_an_existing_table_is_found(statement, rule):
    table = "casefiles_note" if "casefiles_note" in statement else "casefiles_person"
    assert (rule, table) in rules_broken(statement)


@pytest.mark.parametrize(
    "statements",
    [
        ['CREATE INDEX CONCURRENTLY "x_idx" ON "casefiles_person" ("birth_name");'],
        ['ALTER TABLE "casefiles_note" ADD CONSTRAINT "c" CHECK ("x" > 0) NOT VALID;'],
        ['ALTER TABLE "casefiles_person" ADD COLUMN "flag" boolean DEFAULT false NOT NULL;'],
        ['ALTER TABLE "casefiles_person" ADD COLUMN "note" text NULL;'],
        # A table created by the same migration is empty.
        [
            'CREATE TABLE "stats_new" ("id" bigint NOT NULL PRIMARY KEY);',
            'CREATE INDEX "s" ON "stats_new" ("id");',
        ],
        # A table known to stay small.
        ['CREATE INDEX "o" ON "offices_office" ("name");'],
        ["-- Raw Python operation"],
    ],
)
def test_what_takes_no_long_lock_is_not_found(statements):
    assert rules_broken(*statements) == []


def test_the_allowed_findings_each_give_their_reason():
    for key, reason in migration_locks.ALLOWED.items():
        assert key[2] in migration_locks.RULES and len(reason) > 40, key


@on_postgresql
@pytest.mark.django_db
def test_no_migration_of_lien_locks_a_large_table_unless_accepted():
    findings, unreadable = migration_locks.all_findings()
    assert unreadable == []
    assert [str(f) for f in migration_locks.unallowed(findings)] == []
    # Every accepted entry still names a statement: none outlives what it excused, and the
    # check reads the real SQL (the entries are found in it).
    assert {f.key for f in findings} >= set(migration_locks.ALLOWED)


@on_postgresql
@pytest.mark.django_db
def test_the_command_reports_and_passes(capsys):
    call_command("check_migration_locks")
    said = capsys.readouterr().out
    assert "accepted: ran before the first production release" in said
    assert said.rstrip().endswith(f"({len(migration_locks.ALLOWED)} accepted).")


@on_postgresql
@pytest.mark.django_db
def test_migrate_sets_its_lock_timeout(settings, monkeypatch):
    settings.LIEN_MIGRATE_LOCK_TIMEOUT = "3s"
    monkeypatch.setattr(DjangoMigrate, "handle", lambda self, *args, **options: None)
    try:
        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone()[0] == "3s"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', '0', false)")


@pytest.mark.django_db
def test_a_lock_timeout_says_what_to_do(settings, monkeypatch):
    settings.LIEN_MIGRATE_LOCK_TIMEOUT = "5s"

    def timed_out(self, *args, **options):
        raise OperationalError("canceling statement due to lock timeout") from (
            pg_errors.LockNotAvailable("canceling statement due to lock timeout")
        )

    monkeypatch.setattr(DjangoMigrate, "handle", timed_out)
    try:
        with pytest.raises(CommandError, match="waited more than 5s for a lock"):
            call_command("migrate", verbosity=0)
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', '0', false)")


def test_lien_migrate_is_the_one_manage_py_runs():
    from django.core.management import get_commands, load_command_class

    assert isinstance(load_command_class(get_commands()["migrate"], "migrate"), LienMigrate)
