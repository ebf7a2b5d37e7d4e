"""Re-encrypts every note with the current key (LIEN_NOTES_KEY).

    manage.py rotate_notes_key [--dry-run] [--batch-size 500]

To change the key: put the new key in LIEN_NOTES_KEY and the former one in
LIEN_NOTES_OLD_KEYS, restart, run this command, then remove the former key. The command
works in batches (one transaction each), can be run again after an interruption (notes
already on the current key are left alone), and writes one audit event per run that
re-encrypted something. --dry-run only reports how many notes each key sealed.
"""

from django.core.management.base import BaseCommand

from lien.casefiles.notes.crypto import UnreadableNote
from lien.casefiles.notes.rotation import rotate


class Command(BaseCommand):
    help = "Re-encrypts every note with the current LIEN_NOTES_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, dry_run, batch_size, **options):
        try:
            report = rotate(batch_size=batch_size, dry_run=dry_run)
        except UnreadableNote as error:
            self.stderr.write(f"{error}. Nothing more was changed.")
            raise SystemExit(1) from None
        self.stdout.write(f"current key: {report.current_key}; notes: {report.total}")
        for kid, count in sorted(report.by_key.items()):
            mark = " (current)" if kid == report.current_key else ""
            self.stdout.write(f"  sealed with {kid}{mark}: {count}")
        if dry_run:
            self.stdout.write(f"dry run: {report.to_do} notes would be re-encrypted")
        else:
            self.stdout.write(f"re-encrypted: {report.rewritten}")
