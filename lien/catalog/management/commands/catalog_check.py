from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.catalog.models import Item, Status
from lien.catalog.rules import activation_faults, needs_dpo_approval


class Command(BaseCommand):
    help = _(
        "Checks that every item in use satisfies the catalogue's rules; lists each fault "
        "and exits with status 1 otherwise."
    )

    def handle(self, *args, **options):
        items = Item.objects.filter(status__in=[Status.ACTIVE, Status.DEPRECATED]).order_by(
            "family", "position", "code"
        )
        faults = []
        for item in items:
            for fault in activation_faults(item):
                faults.append(f"{item.code}: {fault}")
            if needs_dpo_approval(item) and item.approved_by_id is None:
                faults.append(
                    f"{item.code}: " + _("a sensitive item is in use without the DPO's approval.")
                )
        for fault in faults:
            self.stdout.write(fault)
        if faults:
            raise CommandError(
                ngettext(
                    "%(n)s fault in the %(items)s items in use.",
                    "%(n)s faults in the %(items)s items in use.",
                    len(faults),
                )
                % {"n": len(faults), "items": items.count()},
                returncode=1,
            )
        self.stdout.write(
            _("%(items)s item(s) in use, all satisfy the rules.") % {"items": items.count()}
        )
