"""`manage.py backup --output FILE`: an encrypted archive of the whole database."""

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lien.backup import archive
from lien.backup.bundle import pack
from lien.backup.dataset import EXCLUDED, applied_migrations


class Command(BaseCommand):
    help = (
        "Writes an encrypted backup archive of the database (key: LIEN_BACKUP_KEY or --key-file)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the archive to write")
        parser.add_argument("--key-file", help="a file holding the key (else LIEN_BACKUP_KEY)")
        parser.add_argument("--generate-key", action="store_true", help="print a new key and stop")

    def handle(self, *args, **options):
        if options["generate_key"]:
            self.stdout.write(archive.generate_key())
            return
        if not options["output"]:
            raise CommandError("Name the archive to write with --output FILE.")
        try:
            key = archive.load_key(options["key_file"])
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from None
        output = Path(options["output"])
        meta = {
            "format": 1,
            "created_at": datetime.now(UTC).isoformat(),
            "django": django.get_version(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
        }
        with tempfile.TemporaryDirectory(prefix="lien-backup-") as work:
            dump = Path(work) / "data.json"
            # One consistent read while the service runs: a repeatable-read snapshot on
            # PostgreSQL; on SQLite the (IMMEDIATE) transaction holds writers back.
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                call_command(
                    "dumpdata",
                    exclude=EXCLUDED,
                    natural_foreign=True,
                    output=str(dump),
                    verbosity=0,
                )
            bundle = Path(work) / "bundle.tar"
            media_files = pack(bundle, dump, Path(settings.MEDIA_ROOT))
            meta["media_files"] = media_files
            partial = output.with_name(output.name + ".part")
            with bundle.open("rb") as source, partial.open("wb") as out:
                archive.write(out, source, key, meta)
            partial.replace(output)
        output.chmod(0o600)
        self.stdout.write(f"Backup written to {output} ({output.stat().st_size} bytes).")
