"""Files made in the background for one agent: an export that can take more than a second
(a year of statistics, a PDF) is asked for, built by the task worker, kept encrypted with
the documents' key, offered for download to the agent who asked, and erased after
LIEN_PREPARED_FILE_HOURS (24) by the worker's sweep, ready or not.

The apps above register what builds each kind of file (`BUILDERS`, in their
AppConfig.ready); the builder is given the prepared file (its parameters and who asked)
and answers the bytes. It checks again, in the worker, that the agent may still have
them: a right removed while the file was waiting is a refusal, not a file. Audit events
belong to the apps that ask and serve (the storage sits below the audit log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lien.background import jobs
from lien.background.models import Job

from . import crypto
from .models import PreparedFile

logger = logging.getLogger(__name__)

KIND = "prepared_file"

# kind of file → what builds its bytes.
BUILDERS: dict[str, Callable[[PreparedFile], bytes]] = {}


def kept_for() -> timedelta:
    return timedelta(hours=int(getattr(settings, "LIEN_PREPARED_FILE_HOURS", 24)))


def ask(
    *,
    kind: str,
    requested_by_id: int,
    parameters: dict[str, Any],
    file_name: str,
    content_type: str,
) -> PreparedFile:
    """Records what is asked and queues its building; answers the prepared file."""
    if kind not in BUILDERS:
        raise ValueError(f"no builder for prepared files of kind {kind!r}")
    now = timezone.now()
    with transaction.atomic():
        prepared = PreparedFile.objects.create(
            kind=kind,
            parameters=parameters,
            requested_by_id=requested_by_id,
            file_name=file_name,
            content_type=content_type,
            created_at=now,
            expires_at=now + kept_for(),
        )
        job = jobs.enqueue(build_prepared_file, kind=KIND, subject=str(prepared.pk))
        PreparedFile.objects.filter(pk=prepared.pk).update(job=job)
    prepared.refresh_from_db()
    return prepared


@task()
def build_prepared_file(job_id: int) -> None:
    job = jobs.start(job_id)
    if job is None:
        return
    try:
        prepared = PreparedFile.objects.filter(pk=int(job.subject)).first()
        if prepared is None or prepared.ready_at is not None:  # erased, or built already
            jobs.finish(job_id)
            return
        jobs.step(job_id, stage="building")
        content = BUILDERS[prepared.kind](prepared)
        key_id, sealed = crypto.seal(content)
        with transaction.atomic():
            PreparedFile.objects.filter(pk=prepared.pk, ready_at__isnull=True).update(
                key_id=key_id, sealed=sealed, size=len(content), ready_at=timezone.now()
            )
            jobs.finish(job_id, done=1)
    except Exception:
        # The log names the prepared file, never what it holds.
        logger.exception("prepared file job %s failed", job_id)
        jobs.fail(job_id, "error")


def content_of(prepared: PreparedFile) -> bytes:
    return crypto.unseal(prepared.key_id, bytes(prepared.sealed))


def erase_expired() -> int:
    """Erases the prepared files past their time, ready or not (the worker's sweep)."""
    deleted, _by_model = PreparedFile.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def erase_on_failure(job: Job) -> None:
    """A failed build keeps nothing: its row stays (the page says it failed), empty."""
    PreparedFile.objects.filter(pk=int(job.subject)).update(sealed=b"", size=0, key_id="")
