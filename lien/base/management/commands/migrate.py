"""Django's `migrate`, with a lock timeout on PostgreSQL (LIEN_MIGRATE_LOCK_TIMEOUT,
"5s" in production): a migration that cannot get its lock at once, because a long
transaction holds the table, gives up after that delay instead of queueing every
request behind it. Its transaction is rolled back whole; run `migrate` again once the
long transaction has ended (docs/admin/upgrade.md)."""

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import OperationalError, connections


class Command(DjangoMigrate):
    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        timeout = getattr(settings, "LIEN_MIGRATE_LOCK_TIMEOUT", "")
        if connection.vendor == "postgresql" and timeout:
            with connection.cursor() as cursor:
                # For the session: every migration's transaction, and the non-atomic ones.
                cursor.execute("SELECT set_config('lock_timeout', %s, false)", [timeout])
        try:
            super().handle(*args, **options)
        except OperationalError as error:
            if getattr(getattr(error, "__cause__", None), "sqlstate", None) != "55P03":
                raise
            raise CommandError(
                f"A migration waited more than {timeout} for a lock held by another "
                "transaction and was rolled back. Nothing of it was applied: run migrate "
                "again when the database is quieter (docs/admin/upgrade.md)."
            ) from None
