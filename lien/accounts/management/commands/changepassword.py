"""Django's changepassword, refused: nobody sets another agent's password in Lien. An
administrator sends a link (Administration › Users › "Send a link to choose a password")."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Refused in Lien: send a link to choose a password instead.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("--database")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            _(
                "Nobody sets an agent's password in Lien: an administrator sends a link by which the agent chooses it (Administration, Users)."
            )
        )
