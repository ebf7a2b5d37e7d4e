import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lien.demo.synthetic import SyntheticDepartement


class Command(BaseCommand):
    help = _("Builds a synthetic département in bulk, for benchmarks and load tests.")

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=100_000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--offices", type=int, default=32)

    def handle(self, *args, households, years, seed, offices, **options):
        if not settings.DEBUG and not getattr(settings, "LIEN_ALLOW_DEMO", False):
            raise CommandError(_("Synthetic data is refused outside the demo settings."))
        started = time.monotonic()

        def show(progress):
            percent = 100 * progress.done // progress.total
            bar = "#" * (percent // 4)
            sys.stderr.write(f"\r[{bar:<25}] {percent:3d} % {progress.done:,}/{progress.total:,}")
            sys.stderr.flush()

        SyntheticDepartement(households=households, years=years, seed=seed, offices=offices).run(
            show
        )
        sys.stderr.write("\n")
        self.stdout.write(
            _("%(count)s households in %(seconds).1f s")
            % {"count": f"{households:,}", "seconds": time.monotonic() - started}
        )
