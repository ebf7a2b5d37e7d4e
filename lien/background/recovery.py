"""What a worker does for the jobs that lost theirs, when it starts and then every minute
(`manage.py db_worker`, lien/background/management/commands/db_worker.py):

- a job whose worker process on this host has died (killed, out of memory, the machine
  restarted) is queued again: its task goes back to "ready" and the next worker runs it;
  the task is written so that a second run finishes the work once (see `jobs.start`);
- a job that showed no progress for LIEN_TASK_STUCK_AFTER and whose worker is not known to
  be alive is stuck: it is failed, and its kind's clean-up runs (an import's uploaded file
  is erased). A job waiting in the queue that long, with no worker to take it, too;
- the apps' own clean-ups (`EXTRA_SWEEPS`): an uploaded spreadsheet checked and never
  confirmed is abandoned, and its content erased, after LIEN_IMPORT_CHECKED_HOURS.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import jobs
from .models import Job, JobStatus
from .workers import is_alive

# More clean-ups the sweep runs, registered by the apps when they start (the imports
# abandon the uploads checked and never confirmed). Each answers how many it cleaned.
EXTRA_SWEEPS: list[Callable[[], int]] = []


class WorkerLost(Exception):
    """The class named on a queue's task that its worker abandoned (the task's failure)."""


def stuck_after() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "LIEN_TASK_STUCK_AFTER", 30 * 60)))


def requeue_orphans() -> int:
    """Queues again the running jobs whose worker on this host is dead. Answers how many."""
    requeued = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING).exclude(worker=""):
        if is_alive(job.worker) is not False:
            continue
        with transaction.atomic():
            locked = Job.objects.select_for_update().filter(
                pk=job.pk, status=JobStatus.RUNNING, worker=job.worker
            )
            task = DBTaskResult.objects.filter(id=job.task_id).first() if job.task_id else None
            if not locked.exists():
                continue
            if task is None or job.attempts >= jobs.max_attempts():
                jobs.fail(job.pk, "attempts")
                continue
            locked.update(status=JobStatus.QUEUED, worker="", heartbeat_at=timezone.now())
            DBTaskResult.objects.filter(pk=task.pk).update(
                status=TaskResultStatus.READY, started_at=None, finished_at=None
            )
            requeued += 1
    return requeued


def fail_stuck() -> int:
    """Fails the jobs that showed no progress for LIEN_TASK_STUCK_AFTER and whose worker
    is not known alive; their tasks are closed as failed. Answers how many."""
    limit = timezone.now() - stuck_after()
    failed = 0
    for job in Job.objects.filter(
        status__in=(JobStatus.QUEUED, JobStatus.RUNNING), heartbeat_at__lt=limit
    ):
        if job.status == JobStatus.RUNNING and job.worker and is_alive(job.worker):
            continue  # a long transaction in a living worker of this host: not stuck
        if fail_if_stuck(job.pk):
            failed += 1
    return failed


def fail_if_stuck(job_id: int) -> bool:
    """Fails this one job if it is stuck (the page of an import asks, so that a job left
    by a dead worker shows as failed even when no worker runs). Answers whether it did."""
    limit = timezone.now() - stuck_after()
    job = Job.objects.filter(pk=job_id, heartbeat_at__lt=limit).first()
    if job is None or not job.is_live:
        return False
    if job.status == JobStatus.RUNNING and job.worker and is_alive(job.worker):
        return False
    with transaction.atomic():
        if not jobs.fail(job.pk, "stuck"):
            return False
        if job.task_id:
            DBTaskResult.objects.filter(
                id=job.task_id, status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING)
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback="",
            )
    return True


def sweep() -> tuple[int, int]:
    """Both, in order, then the apps' clean-ups: (requeued, failed)."""
    result = requeue_orphans(), fail_stuck()
    for clean_up in EXTRA_SWEEPS:
        clean_up()
    return result
