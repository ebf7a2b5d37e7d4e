from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lien.catalog.exchange import read_xlsx
from lien.catalog.loader import DEFAULT_CATALOG, load_catalog, load_rows


class Command(BaseCommand):
    help = _(
        "Loads a catalogue file (YAML or XLSX, the import format) through the same rules "
        "as an import: all or nothing. Without a file, the default catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_CATALOG))

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            if path.suffix.lower() == ".xlsx":
                count = load_rows(read_xlsx(path.read_bytes()), note=path.name)
            else:
                count = load_catalog(path)
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(_("Nothing was loaded.")) from None
        self.stdout.write(_("%(n)s items loaded from %(file)s.") % {"n": count, "file": path})
