from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lien.stats.models import PaperGrid, StatYear
from lien.stats.publication import publish_year
from lien.stats.tasks import request_protection


class Command(BaseCommand):
    help = (
        "Decides the statistical secrecy of each year's grids ahead of the pages (every "
        "grid, office and the département together), where the counts changed since it "
        "was last decided: run it from cron so that no page waits for it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="default: every year")
        parser.add_argument("--enqueue", action="store_true", help="decide it in the task worker")

    def handle(self, *args: Any, years: list[int], **options: Any) -> None:
        if not years:
            recorded = set(StatYear.objects.values_list("year", flat=True).distinct())
            years = list(
                recorded | set(PaperGrid.objects.values_list("year", flat=True).distinct())
            )
        for year in sorted(years):
            if options["enqueue"]:
                job = request_protection(year)
                self.stdout.write(f"{year}: queued for the task worker (job {job.pk}).")
                continue
            figures = publish_year(year).figures
            self.stdout.write(
                f"{year}: {figures.get('primary', 0)} small counts withheld, "
                f"{figures.get('secondary', 0)} more to protect them "
                f"(decided in {figures.get('seconds', 0)} s)."
            )
