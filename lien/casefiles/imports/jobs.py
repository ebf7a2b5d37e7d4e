"""Runs a confirmed import away from the request that confirmed it, and says how far it is.

The whole import is one transaction: nothing is visible, and nothing stays, unless all of
it is written; the row is marked done in that same transaction. Its progress cannot be
written to the database while the transaction runs (SQLite has one writer at a time, and
the rows written are not visible before the commit), so it goes to a small file under
`VAR_DIR/imports/`, read by the page that polls it.
"""

import logging
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..models import HouseholdImport, ImportStatus
from .reading import plan_import, read_rows
from .services import import_households

logger = logging.getLogger(__name__)


def _progress_file(import_id: int) -> Path:
    return Path(settings.VAR_DIR) / "imports" / f"{int(import_id)}.progress"


def progress(import_id: int) -> int:
    """Households written so far by a running import (not yet committed)."""
    try:
        return int(_progress_file(import_id).read_text() or 0)
    except (OSError, ValueError):
        return 0


def _report(import_id: int, done: int) -> None:
    path = _progress_file(import_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(str(done))
    temporary.replace(path)  # a reader never sees a half-written number


def run(import_id: int) -> None:
    """Imports a running import's households, then marks it done; marks it failed, with
    nothing written, when anything goes wrong. The uploaded content is emptied either way."""
    try:
        job = HouseholdImport.objects.select_related("created_by").get(pk=import_id)
        plan = plan_import(read_rows(job.file_name, bytes(job.content)))
        with transaction.atomic():
            count = import_households(
                actor=job.created_by,
                office_id=job.office_id,
                plan=plan,
                valid_rows_only=job.valid_only,
                progress=lambda done: _report(import_id, done),
            )
            HouseholdImport.objects.filter(pk=import_id).update(
                status=ImportStatus.DONE, imported=count, content=b"", finished_at=timezone.now()
            )
    except Exception:
        logger.exception("household import %s failed", import_id)
        HouseholdImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED, content=b"", finished_at=timezone.now()
        )
    finally:
        _progress_file(import_id).unlink(missing_ok=True)


def launch(import_id: int) -> None:
    """Runs the import in a thread of its own (its own database connection), or at once
    when `LIEN_IMPORTS_IN_BACKGROUND` is off (tests)."""
    if not getattr(settings, "LIEN_IMPORTS_IN_BACKGROUND", True):
        run(import_id)
        return

    def work():
        try:
            run(import_id)
        finally:
            connection.close()

    threading.Thread(target=work, name=f"household-import-{import_id}", daemon=True).start()
