"""`manage.py grant_app_role [ROLE]` (PostgreSQL, as the owner role): gives the
application role (default LIEN_DB_APP_ROLE) what it needs on every table, and on the audit
log only reading and appending: it can neither change nor delete events, seals or
checkpoints, nor open the maintenance window. `migrate` does the same after each run when
LIEN_DB_APP_ROLE is set. See docs/admin/database-roles.md."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lien.audit.database_guard import grant_application_role


class Command(BaseCommand):
    help = "Grants the application's PostgreSQL role its rights (audit log: append only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", nargs="?", default="", help="default: LIEN_DB_APP_ROLE")

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"] or settings.LIEN_DB_APP_ROLE
        if not role:
            raise CommandError("Name the role, or set LIEN_DB_APP_ROLE.")
        if connection.vendor != "postgresql":
            raise CommandError(
                "Database roles exist on PostgreSQL only: on SQLite whoever can write the "
                "file can change anything, and the audit key and anchors catch it."
            )
        try:
            grant_application_role(role)
        except ValueError as error:
            raise CommandError(f"Refused: {error}.") from None
        self.stdout.write(f"Granted {role} its rights; on the audit log: read and append only.")
