from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.accounts.roles import Role
from lien.casefiles.models import CaseFile
from lien.catalog.loader import load_catalog
from lien.demo.accounts import DEMO_PASSWORD, ensure_accounts, ensure_offices
from lien.demo.committees import ensure_committee, ensure_schemes
from lien.demo.households import DemoHouseholds
from lien.demo.partners import ensure_partners
from lien.demo.week import ensure_week
from lien.privacy.notices import ensure_default_notice
from lien.stats.towns import declare_town_grid


class Command(BaseCommand):
    help = _(
        "Loads a demo département: 4 offices, one account per role per office, about 300 households."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--households", type=int, default=300, help=_("Total number of households to create.")
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, households: int, seed: int, **options):
        if not settings.DEBUG and not getattr(settings, "LIEN_ALLOW_DEMO", False):
            raise CommandError(
                _(
                    "The demo data uses a published password: it is refused outside the demo settings."
                )
            )
        with transaction.atomic():
            load_catalog()
            ensure_default_notice()
            offices = ensure_offices()
            # The town table, in force for every year the demo may have figures for.
            declare_town_grid(valid_from=timezone.localdate().year - 10)
            accounts = ensure_accounts(offices)
            ensure_partners()
            if CaseFile.objects.filter(office__in=offices).exists():
                self.stdout.write(_("The demo households are already there: nothing added."))
            else:
                generator = DemoHouseholds(seed=seed)
                per_office = households // len(offices)
                for index, office in enumerate(offices):
                    extra = 1 if index < households % len(offices) else 0
                    generator.create(office, per_office + extra)
                    self.stdout.write(
                        ngettext(
                            "%(office)s: %(count)s household",
                            "%(office)s: %(count)s households",
                            per_office + extra,
                        )
                        % {"office": office.name, "count": per_office + extra}
                    )
                ensure_week(offices)
            # After the households, whose aid the offices decided before the schemes.
            ensure_schemes()
            ensure_committee(seed)
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(_("Demo accounts (demo only: never use these passwords elsewhere)"))
        )
        # The roles in words, in the installation's language whatever language the
        # process happens to have active (a test may have switched it).
        with translation.override(settings.LANGUAGE_CODE):
            for account in accounts:
                role = str(Role(account.role).label)
                self.stdout.write(f"  {account.username:<28} {role:<34} {account.office}")
        self.stdout.write(
            self.style.WARNING(
                _("Password of every demo account: %(password)s") % {"password": DEMO_PASSWORD}
            )
        )
