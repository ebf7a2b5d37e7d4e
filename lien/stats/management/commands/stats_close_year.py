"""`manage.py stats_close_year YEAR [--wet-run] [--allow-current-year]`: once a year's
grids are final, destroys its pseudonym key and rewrites its statistical rows so that
nothing links them back to a file. Cannot be undone: a dry run unless given --wet-run."""

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.base.commands import DestructiveCommand
from lien.stats.models import StatEvent, YearKey
from lien.stats.services import close_year


class Command(DestructiveCommand):
    help = (
        "Destroys a year's pseudonym key once its grids are final, and rewrites the year's "
        "statistical rows in random order with fresh ids and tokens: afterwards nothing links "
        "them back to a file. Cannot be undone (dry run unless --wet-run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--allow-current-year",
            action="store_true",
            help="Close the current year too (its later events will not be recorded).",
        )

    def check_options(self, **options: Any) -> None:
        year = options["year"]
        if year >= timezone.localdate().year and not options["allow_current_year"]:
            raise CommandError("The year is not over: its grids are not final.")
        if YearKey.objects.filter(year=year, closed=True).exists():
            raise CommandError(f"{year} is already closed.")

    def dry_run(self, **options: Any) -> None:
        year = options["year"]
        self.stdout.write(
            _(
                "%(year)s would be closed: its pseudonym key destroyed and its %(count)s "
                "statistical rows rewritten, for good."
            )
            % {"year": year, "count": StatEvent.objects.filter(year=year).count()}
        )

    def wet_run(self, **options: Any) -> None:
        year = options["year"]
        count = close_year(year=year)
        # Deleted rows linger in free pages (SQLite) or as dead tuples (PostgreSQL) until
        # the storage is rewritten: do it now, outside any transaction.
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")
        self.stdout.write(f"{year} closed: key destroyed, {count} rows rewritten.")
