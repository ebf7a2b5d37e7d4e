"""`manage.py restore FILE`: loads an encrypted backup archive into an empty database.

The database is migrated first if needed; a database that already holds data is refused,
so that a restore never mixes two histories. The audit chain is verified afterwards."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from lien.audit.maintenance import maintenance_window
from lien.audit.models import AuditEvent, AuditSeal, CheckpointKind
from lien.audit.sealer import adopt_former_events
from lien.audit.verification import verify
from lien.backup import archive
from lien.backup.bundle import read_bundle
from lien.backup.dataset import Loader, non_empty_tables


class Command(BaseCommand):
    help = "Restores an encrypted backup archive into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive written by `manage.py backup`")
        parser.add_argument("--key-file", help="a file holding the key (else LIEN_BACKUP_KEY)")

    def handle(self, *args, **options):
        path = Path(options["archive"])
        try:
            key = archive.load_key(options["key_file"])
            with path.open("rb") as source:
                _, meta = archive.read_header(source)
        except (OSError, archive.ArchiveError) as error:
            raise CommandError(str(error)) from None
        known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
        unknown = sorted(set(meta["migrations"]) - known)
        if unknown:
            raise CommandError(
                "The archive comes from a newer version of Lien (unknown migrations: "
                f"{', '.join(unknown[:5])}). Install that version first."
            )
        call_command("migrate", verbosity=0, interactive=False)
        occupied = non_empty_tables()
        if occupied:
            raise CommandError(
                "Refused: the database is not empty (e.g. "
                f"{', '.join(occupied[:5])}). Restore into a new, empty database."
            )
        media = Path(settings.MEDIA_ROOT)
        if media.exists() and any(p.is_file() for p in media.rglob("*")):
            raise CommandError(
                f"Refused: the media folder {media} already holds files. Restore into an empty one."
            )
        # Read, decrypted and loaded as one stream, in one transaction: nothing in clear on
        # disk but the uploaded files themselves, which a failed restore takes away again.
        written: list[Path] = []
        try:
            with path.open("rb") as source, transaction.atomic():
                plain = io.BufferedReader(archive.Reader(source, key), buffer_size=archive.CHUNK)
                Loader().load(read_bundle(plain, media, written))
        except archive.ArchiveError as error:
            _remove(written)
            raise CommandError(f"Refused: {error} Nothing was restored.") from None
        except BaseException:
            _remove(written)
            raise
        if AuditEvent.objects.exists() and not AuditSeal.objects.exists():
            # An archive made before the audit key: its events join the keyed chain now,
            # with what their former chain showed kept under the key.
            with maintenance_window(CheckpointKind.ADOPT):
                adopt_former_events()
        # The anchors belong to the database this one may replace: checked once it does
        # (`anchor_audit --restored`, then verify_audit).
        verdict = verify(anchors=False)
        self.stdout.write(
            f"Restored {path} (made {meta['created_at']} on {meta['database']}) into "
            f"{connection.vendor}. Audit log: "
            + (
                f"intact, {verdict.checked} events."
                if verdict.intact
                else f"NOT intact: {verdict.message}."
            )
        )
        if not verdict.intact:
            raise CommandError("The restored audit log does not verify.")
        self.stdout.write(
            "If this database replaces production, run `manage.py anchor_audit --restored` "
            "there: the anchors of the events lost since the backup are then named as such."
        )


def _remove(paths: list[Path]) -> None:
    for written in paths:
        written.unlink(missing_ok=True)
