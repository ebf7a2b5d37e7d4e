"""The import of a confirmed spreadsheet, as a background task (docs/admin/task-worker.md).

The households are written in one transaction, with the import marked done in it: a
worker killed in the middle leaves nothing, and the job is taken up again by the next
worker (lien/background/recovery.py); a run that finds the import already done, failed or
abandoned does nothing, so the file is imported once. The uploaded content is erased in
the same transaction as the end of the import, whether it succeeded or failed; a job left
stuck is failed and its content erased by `erase_on_failure` below.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lien.background import jobs
from lien.background.models import Job

from ..models import HouseholdImport, ImportStatus
from .reading import plan_import, read_rows
from .services import import_households

logger = logging.getLogger(__name__)

KIND = "household_import"


@task()
def run_household_import(job_id: int) -> None:
    job = jobs.start(job_id)
    if job is None:
        return
    try:
        household_import = HouseholdImport.objects.select_related("created_by").get(
            pk=int(job.subject)
        )
        jobs.step(job_id, stage="reading")
        plan = plan_import(read_rows(household_import.file_name, bytes(household_import.content)))
        jobs.step(job_id, stage="writing")
        with transaction.atomic():
            # Locked, and read again: a second run waits for the first and finds it done.
            current = HouseholdImport.objects.select_for_update().get(pk=household_import.pk)
            if current.status != ImportStatus.RUNNING:
                jobs.finish(job_id)
                return
            count = import_households(
                actor=household_import.created_by,
                office_id=household_import.office_id,
                plan=plan,
                valid_rows_only=household_import.valid_only,
                progress=lambda done: jobs.report_aside(job_id, done),
            )
            HouseholdImport.objects.filter(pk=current.pk).update(
                status=ImportStatus.DONE, imported=count, content=b"", finished_at=timezone.now()
            )
            jobs.finish(job_id, done=count)
    except Exception:
        # The log names the import, never a row of the file.
        logger.exception("household import job %s failed", job_id)
        jobs.fail(job_id, "error")


def erase_on_failure(job: Job) -> None:
    """A failed import job (an error, or stuck): the import is failed, its upload erased."""
    HouseholdImport.objects.filter(pk=int(job.subject), status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED, content=b"", finished_at=timezone.now()
    )


def abandon_forgotten_uploads() -> int:
    """Uploads checked and never confirmed for LIEN_IMPORT_CHECKED_HOURS are abandoned and
    their content erased: a spreadsheet of identities does not wait for ever."""
    hours = int(getattr(settings, "LIEN_IMPORT_CHECKED_HOURS", 24))
    now = timezone.now()
    return HouseholdImport.objects.filter(
        status=ImportStatus.CHECKED, created_at__lt=now - timedelta(hours=hours)
    ).update(status=ImportStatus.ABANDONED, content=b"", finished_at=now)
