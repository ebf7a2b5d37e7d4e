"""The one convention of Lien's destructive management commands, those that delete,
rewrite, close or rotate what was recorded: a dry run that says what the command would
do unless given --wet-run. A mistyped or half-remembered command line then only reports;
acting is always asked for by name."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

WET_RUN = "--wet-run"


class DestructiveCommand(BaseCommand):
    """A command that changes nothing unless given --wet-run. A subclass adds its own
    arguments in `add_arguments` (calling this one), says what it would do in `dry_run`
    and does it in `wet_run`; both receive the command's options."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            WET_RUN,
            action="store_true",
            help=_("act; without it, a dry run that only says what would be done"),
        )

    def handle(self, *args: Any, wet_run: bool = False, **options: Any) -> None:
        self.check_options(**options)
        if wet_run:
            self.wet_run(**options)
            return
        self.stdout.write(_("Dry run: nothing is changed."))
        self.dry_run(**options)
        self.stdout.write(_("Run again with %(flag)s to do it.") % {"flag": WET_RUN})

    def check_options(self, **options: Any) -> None:
        """Refuses options that make no sense (CommandError), before either run."""

    def dry_run(self, **options: Any) -> None:
        raise NotImplementedError

    def wet_run(self, **options: Any) -> None:
        raise NotImplementedError
