"""`manage.py backup --output FILE`: an encrypted archive of the whole database."""

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lien.backup import archive
from lien.backup.bundle import media_files, write_bundle
from lien.backup.dataset import applied_migrations, dump_batches, read_snapshot


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
        media_root = Path(settings.MEDIA_ROOT)
        meta = {
            "format": 2,
            "created_at": datetime.now(UTC).isoformat(),
            "django": django.get_version(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "media_files": len(media_files(media_root)),
        }
        # Written under another name and renamed once complete: a killed backup leaves
        # at most an encrypted, truncated file, which restore refuses.
        partial = output.with_name(output.name + ".part")
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                writer = archive.Writer(out, key, meta)
                plain = io.BufferedWriter(writer, buffer_size=archive.CHUNK)
                with read_snapshot():
                    write_bundle(plain, dump_batches(), media_root)
                plain.flush()
                writer.finish()
            partial.replace(output)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        self.stdout.write(f"Backup written to {output} ({output.stat().st_size} bytes).")
