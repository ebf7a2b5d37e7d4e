from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from lien.stats.models import YearKey
from lien.stats.services import close_year


class Command(BaseCommand):
    help = (
        "Destroys a year's pseudonym key once its grids are final, and rewrites the year's "
        "statistical rows in random order with fresh ids and tokens: afterwards nothing links "
        "them back to a file. Cannot be undone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--allow-current-year",
            action="store_true",
            help="Close the current year too (its later events will not be recorded).",
        )

    def handle(self, *args: Any, year: int, allow_current_year: bool, **options: Any) -> None:
        if year >= timezone.localdate().year and not allow_current_year:
            raise CommandError("The year is not over: its grids are not final.")
        if YearKey.objects.filter(year=year, closed=True).exists():
            raise CommandError(f"{year} is already closed.")
        count = close_year(year=year)
        # Deleted rows linger in free pages (SQLite) or as dead tuples (PostgreSQL) until
        # the storage is rewritten: do it now, outside any transaction.
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")
        self.stdout.write(f"{year} closed: key destroyed, {count} rows rewritten.")
