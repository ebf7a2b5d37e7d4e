"""Re-encrypts every note with the current key (LIEN_NOTES_KEY).

    manage.py rotate_notes_key [--dry-run] [--batch-size 500] [--enqueue]

To change the key: put the new key in LIEN_NOTES_KEY and the former one in
LIEN_NOTES_OLD_KEYS, restart, run this command, then remove the former key. The command
works in batches (one transaction each), can be run again after an interruption (notes
already on the current key are left alone), and writes an audit event per batch, in the
batch's transaction, then one for the whole rotation once no note is left on a former key
(every run added up). --enqueue runs it in the task worker instead. --dry-run only reports
how many notes each key sealed.
"""

from django.core.management.base import BaseCommand

from lien.casefiles.notes.crypto import UnreadableNote
from lien.casefiles.notes.rotation import rotate
from lien.casefiles.notes.tasks import enqueue_rotation


class Command(BaseCommand):
    help = "Re-encrypts every note with the current LIEN_NOTES_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--enqueue", action="store_true", help="run it in the task worker")

    def handle(self, *args, dry_run, batch_size, **options):
        if options["enqueue"] and not dry_run:
            job = enqueue_rotation(batch_size=batch_size)
            self.stdout.write(f"queued for the task worker: job {job.pk} ({job.status})")
            return
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
            self.stdout.write(
                f"re-encrypted: {report.rewritten} (the whole rotation to this key, every "
                f"run added up: {report.rotation_total})"
            )
