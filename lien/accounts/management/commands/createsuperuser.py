"""Django's createsuperuser, refused: in Lien the superuser flag gives nothing, and the
first accounts are created by bootstrap_first_accounts (an administrator and a DPO)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Refused in Lien: use bootstrap_first_accounts.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--database")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            _(
                "Lien has no superuser. Create the first accounts with manage.py bootstrap_first_accounts, then ask for roles on the roles page."
            )
        )
