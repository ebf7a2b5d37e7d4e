"""Imports the households of a CSV or XLSX file into an office that starts with Lien.

    manage.py import_households FILE --office CODE --user USERNAME [--valid-only]

Every row is validated first; errors are printed with their line numbers and reasons;
nothing is written unless every row is valid, or --valid-only imports the households
with no bad row. A file that cannot be read is refused with one sentence saying why
(on stderr, exit status 1, no traceback). The import acts as USERNAME (a manager of the office: capability
IMPORT_HOUSEHOLDS) and is audited as one event with the number of households.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.casefiles.imports.reading import UnreadableFile, plan_import, read_rows
from lien.casefiles.imports.services import import_households
from lien.offices.models import Office


class Command(BaseCommand):
    help = "Imports households from a CSV or XLSX file into an office."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--office", required=True, help="the office's code")
        parser.add_argument("--user", required=True, help="who imports: a manager of the office")
        parser.add_argument("--valid-only", action="store_true")

    def handle(self, *args, **options):
        with translation.override("fr"):
            self._import(**options)

    def _import(self, *, file, office, user, valid_only, **options):
        started = time.perf_counter()
        try:
            office_id = Office.objects.get(code=office).pk
            actor = User.objects.get(username=user, is_active=True)
        except (Office.DoesNotExist, User.DoesNotExist):
            raise CommandError(_("Unknown office or user.")) from None
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError:
            raise CommandError(_("The file %(path)s cannot be read.") % {"path": file}) from None
        try:
            plan = plan_import(read_rows(path.name, content))
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
        for row_error in plan.errors:
            self.stderr.write(
                _("line %(line)s: %(reason)s")
                % {"line": row_error.line, "reason": row_error.reason}
            )
        if plan.errors and not valid_only:
            raise CommandError(
                _(
                    "%(count)s invalid rows: nothing was imported (--valid-only imports the households without errors)."
                )
                % {"count": len(plan.errors)}
            )
        if not plan.households:
            raise CommandError(_("No household of this file is valid."))
        try:
            count = import_households(
                actor=actor, office_id=office_id, plan=plan, valid_rows_only=valid_only
            )
        except Http404:
            raise CommandError(_("This user cannot import households in this office.")) from None
        self.stdout.write(
            _("%(households)s households, %(persons)s persons imported in %(seconds).1f s.")
            % {
                "households": count,
                "persons": plan.persons,
                "seconds": time.perf_counter() - started,
            }
        )
