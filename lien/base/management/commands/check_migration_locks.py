"""`manage.py check_migration_locks`: names every statement of Lien's migrations that
would hold a long lock on a large PostgreSQL table (lien/base/migration_locks.py), with
the reason of those accepted; exits 1 when one is not accepted. Run it on PostgreSQL
before an upgrade (docs/admin/upgrade.md); CI runs it through the test suite."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lien.base import migration_locks


class Command(BaseCommand):
    help = "Checks the migrations' SQL for long locks on large PostgreSQL tables."

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("This check reads the SQL of PostgreSQL: point DATABASE_URL at one.")
        findings, unreadable = migration_locks.all_findings()
        for finding in findings:
            reason = migration_locks.ALLOWED.get(finding.key)
            mark = f"accepted: {reason}" if reason else "NOT ACCEPTED"
            self.stdout.write(f"{finding}\n    {mark}")
        refused = migration_locks.unallowed(findings)
        for name in unreadable:
            self.stderr.write(f"SQL not readable: {name}")
        if refused or unreadable:
            raise CommandError(
                f"{len(refused)} statement(s) would lock a large table, "
                f"{len(unreadable)} migration(s) could not be read."
            )
        self.stdout.write(f"No migration locks a large table for long ({len(findings)} accepted).")
