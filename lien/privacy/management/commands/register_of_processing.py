from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lien.privacy.register.render import render_html, render_pdf


class Command(BaseCommand):
    help = _(
        "Writes the register of processing (or the inputs of the impact assessment), "
        "computed from the catalogue in use and the settings, as HTML or tagged PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["html", "pdf"], default="html")
        parser.add_argument("--output", required=True, help=_("File to write."))
        parser.add_argument("--document", choices=["register", "dpia"], default="register")

    def handle(self, *args: Any, format: str, output: str, document: str, **options: Any) -> None:
        path = Path(output)
        if format == "pdf":
            path.write_bytes(render_pdf(document))
        else:
            path.write_text(render_html(document), encoding="utf-8")
        self.stdout.write(_("Written: %(path)s") % {"path": path})
