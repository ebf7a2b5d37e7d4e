"""`manage.py anchor_audit [--restored]`: seals what is waiting, then appends the audit
chain's head to the anchor file (LIEN_AUDIT_ANCHOR_FILE) and, if asked, to the system log
(LIEN_AUDIT_ANCHOR_SYSLOG=1). Run it every few minutes (a systemd timer: docs/admin).

After restoring a backup in place of the production database, run it once with
--restored: the anchors of events lost with the restore are then reported as such."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.audit.anchors import HEAD, RESTORE, anchor_file, write_anchor
from lien.audit.sealer import seal_pending


class Command(BaseCommand):
    help = "Writes the audit chain's head outside the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--restored",
            action="store_true",
            help="record that the database was restored from a backup (its head went back)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if anchor_file() is None and not _syslog():
            raise CommandError(
                "No anchor to write: set LIEN_AUDIT_ANCHOR_FILE or LIEN_AUDIT_ANCHOR_SYSLOG=1."
            )
        seal_pending()
        anchor = write_anchor(RESTORE if options["restored"] else HEAD)
        self.stdout.write(
            f"Anchored seal {anchor.seq} {anchor.mac}"
            + (f" in {anchor_file()}" if anchor_file() else "")
            + (" (restore)" if anchor.kind == RESTORE else "")
            + "."
        )


def _syslog() -> bool:
    from django.conf import settings

    return settings.LIEN_AUDIT_ANCHOR_SYSLOG
