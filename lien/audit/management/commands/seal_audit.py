"""`manage.py seal_audit [--every SECONDS]`: seals the audit events waiting to be sealed.

Lien seals them right after each transaction commits; this command catches up with any
left (a process that stopped between its commit and its sealing). Run it every minute
(docs/admin/audit-log.md), or with --every to keep running. `--adopt-former-events` seals
the events of a database restored from an archive made before the audit key existed."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.audit.maintenance import maintenance_window
from lien.audit.models import CheckpointKind
from lien.audit.sealer import AdoptionRefused, adopt_former_events, seal_pending


class Command(BaseCommand):
    help = "Seals the audit events waiting to be sealed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=float, help="keep running, sealing every N seconds")
        parser.add_argument(
            "--adopt-former-events",
            action="store_true",
            help="seal the events of an archive made before the audit key (owner role)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["adopt_former_events"]:
            self._adopt()
            return
        while True:
            sealed = seal_pending()
            if sealed is None:
                self.stdout.write("Another sealer is at work: it seals what is waiting.")
            elif sealed or not options["every"]:
                self.stdout.write(f"Sealed {sealed} events.")
            if not options["every"]:
                return
            time.sleep(options["every"])

    def _adopt(self) -> None:
        try:
            with maintenance_window(CheckpointKind.ADOPT):
                checkpoint = adopt_former_events()
        except AdoptionRefused as error:
            raise CommandError(f"Refused: {error}.") from None
        if checkpoint is None:
            self.stdout.write("No event to adopt.")
        else:
            self.stdout.write(
                f"Sealed {checkpoint.event_count} former events; {checkpoint.reason}."
            )
