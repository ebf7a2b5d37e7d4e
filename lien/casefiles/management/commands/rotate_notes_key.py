"""Re-encrypts every note with the current key (LIEN_NOTES_KEY).

    manage.py rotate_notes_key [--wet-run] [--batch-size 500] [--enqueue]

To change the key: put the new key in LIEN_NOTES_KEY and the former one in
LIEN_NOTES_OLD_KEYS, restart, run this command with --wet-run, then remove the former key.
The command works in batches (one transaction each), can be run again after an
interruption (notes already on the current key are left alone), and writes an audit event
per batch, in the batch's transaction, then one for the whole rotation once no note is
left on a former key (every run added up). --wet-run --enqueue runs it in the task worker
instead. Without --wet-run it only reports how many notes each key sealed and how many
would be re-encrypted.
"""

from django.utils.translation import gettext as _

from lien.base.commands import DestructiveCommand
from lien.casefiles.notes.crypto import UnreadableNote
from lien.casefiles.notes.rotation import RotationReport, rotate
from lien.casefiles.notes.tasks import enqueue_rotation


class Command(DestructiveCommand):
    help = "Re-encrypts every note with the current LIEN_NOTES_KEY (dry run unless --wet-run)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--enqueue", action="store_true", help="run it in the task worker")

    def dry_run(self, **options):
        report = self._rotate(batch_size=options["batch_size"], dry_run=True)
        self.stdout.write(_("%(count)s notes would be re-encrypted.") % {"count": report.to_do})

    def wet_run(self, **options):
        if options["enqueue"]:
            job = enqueue_rotation(batch_size=options["batch_size"])
            self.stdout.write(f"queued for the task worker: job {job.pk} ({job.status})")
            return
        report = self._rotate(batch_size=options["batch_size"], dry_run=False)
        self.stdout.write(
            f"re-encrypted: {report.rewritten} (the whole rotation to this key, every run "
            f"added up: {report.rotation_total})"
        )

    def _rotate(self, **arguments) -> RotationReport:
        try:
            report = rotate(**arguments)
        except UnreadableNote as error:
            self.stderr.write(f"{error}. Nothing more was changed.")
            raise SystemExit(1) from None
        self.stdout.write(f"current key: {report.current_key}; notes: {report.total}")
        for kid, count in sorted(report.by_key.items()):
            mark = " (current)" if kid == report.current_key else ""
            self.stdout.write(f"  sealed with {kid}{mark}: {count}")
        return report
