from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lien.offices.models import Office
from lien.stats.definitions import grid_codes
from lien.stats.exports import FORMATS, export
from lien.stats.selectors import published_grid


class Command(BaseCommand):
    help = (
        "Writes a published grid (after statistical secrecy) for an office or the whole "
        "département, as CSV, XLSX, ODS, PDF or JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # Checked in handle: saved grid versions are read from the database.
        parser.add_argument("grid", help="the grid's code")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--office", help="the office's code")
        scope.add_argument("--all", action="store_true", help="the whole département")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("--output", required=True, help="the file to write, - for stdout")

    def handle(
        self,
        *args: Any,
        grid: str,
        office: str | None,
        all: bool,
        year: int,
        format: str,
        output: str,
        **options: Any,
    ) -> None:
        if grid not in grid_codes():
            raise CommandError(f"Unknown grid {grid}; the grids are: {', '.join(grid_codes())}.")
        # Run on the server by its operator: every office is in scope.
        office_ids = set(Office.objects.values_list("pk", flat=True))
        office_id = None
        if office:
            found = Office.objects.filter(code=office).first()
            if found is None:
                raise CommandError(f"No office with the code {office!r}.")
            office_id = found.pk
        with translation.override("fr"):
            data = export(
                published_grid(
                    office_ids=office_ids,
                    grid_code=grid,
                    year=year,
                    office_id=office_id,
                    decide_now=True,
                ),
                format,
            )
        if output == "-":
            self.stdout.write(data.decode("utf-8") if format in ("csv", "json") else "")
        else:
            Path(output).write_bytes(data)
            self.stdout.write(f"Wrote {output} ({len(data)} bytes).")
