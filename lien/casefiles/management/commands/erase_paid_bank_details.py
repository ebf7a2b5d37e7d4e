"""Deletes the bank details of payments paid once their accounting period is over
(lien/casefiles/payments/retention.py); to run daily from cron, with --wet-run."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.base.commands import DestructiveCommand
from lien.casefiles.payments import retention


class Command(DestructiveCommand):
    help = _("Delete the bank details of payments paid before the last accounting period.")

    def dry_run(self, **options: Any) -> None:
        count = retention.bank_details_due(timezone.localdate()).count()
        self.stdout.write(
            ngettext(
                "%(count)d set of bank details would be deleted.",
                "%(count)d sets of bank details would be deleted.",
                count,
            )
            % {"count": count}
        )

    def wet_run(self, **options: Any) -> None:
        count = retention.erase_bank_details(timezone.localdate())
        self.stdout.write(
            ngettext(
                "%(count)d set of bank details deleted.",
                "%(count)d sets of bank details deleted.",
                count,
            )
            % {"count": count}
        )
