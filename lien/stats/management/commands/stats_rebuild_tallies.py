from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from lien.stats import tally
from lien.stats.models import StatEvent


class Command(BaseCommand):
    help = (
        "Counts the kept grid cells afresh from the statistical events: run it after "
        "changing a grid's YAML (until then, that grid is counted from the events)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="default: every year")

    def handle(self, *args: Any, years: list[int], **options: Any) -> None:
        years = years or sorted(set(StatEvent.objects.values_list("year", flat=True)))
        for year in years:
            with transaction.atomic():
                tally.rebuild(year)
            self.stdout.write(f"{year}: grid cells counted afresh.")
