"""A job's life, as the tasks tell it: queued with its task, started by a worker, a step
done, finished or failed. Every task of Lien takes its job's id as its only argument and
starts with `start`, which answers None when there is nothing (left) to do: a task run a
second time after a crash, or after its job was failed, does nothing, so that work is done
once whatever the queue does.

A kind of job whose failure must clean something up (an import's uploaded file) registers
it in `ON_FAILURE` when its app starts: this module sits below every app and imports none.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.db.utils import DEFAULT_DB_ALIAS, DatabaseError
from django.utils import timezone

from .models import LIVE, Job, JobStatus
from .workers import worker_name

# kind → what to do, in the failing transaction, when a job of that kind fails.
ON_FAILURE: dict[str, Callable[[Job], None]] = {}


def max_attempts() -> int:
    """How many times a job is started (again after its worker died) before it is failed."""
    return int(getattr(settings, "LIEN_TASK_MAX_ATTEMPTS", 3))


def enqueue(
    task: Any, *, kind: str, subject: str = "", total: int | None = None, args: tuple = ()
) -> Job:
    """Queues `task(job_id, *args)` for a new job about `subject`, or answers the job already
    queued or running for it (one live job per subject: asking twice runs it once). The
    job and its task are written in one transaction: neither exists without the other."""
    with transaction.atomic():
        live = Job.objects.filter(kind=kind, subject=subject, status__in=LIVE).first()
        if live is not None:
            return live
        try:
            with transaction.atomic():
                job = Job.objects.create(kind=kind, subject=subject, total=total)
        except IntegrityError:  # queued by someone else at the same moment
            return Job.objects.get(kind=kind, subject=subject, status__in=LIVE)
        result = task.enqueue(job.pk, *args)
        # An immediate backend (the tests) has already run it: keep what it wrote.
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def start(job_id: int) -> Job | None:
    """Marks the job running in this worker and answers it, or None when it is finished,
    failed or unknown (nothing to do). A job started too many times is failed here."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job.is_live:
            return None
        if job.attempts >= max_attempts():
            _fail_locked(job, "attempts")
            return None
        now = timezone.now()
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.worker = worker_name()
        job.save()
    return job


def step(
    job_id: int, *, stage: str | None = None, done: int | None = None, add: dict | None = None
) -> None:
    """A sign of progress. Called inside the transaction of the work it counts, so that
    the counts (`add`, added to the job's) commit with that work or not at all."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if stage is not None:
            job.stage = stage
        if done is not None:
            job.done = done
        for name, count in (add or {}).items():
            job.counts[name] = job.counts.get(name, 0) + count
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["stage", "done", "counts", "heartbeat_at"])


def report_aside(job_id: int, done: int) -> None:
    """Progress inside a long transaction, written from a connection of its own so that the
    page sees it before the work commits. PostgreSQL only: SQLite has one writer at a time,
    and there the progress waits for the commit. Never waits for a lock, never fails the work."""
    if connection.vendor != "postgresql":
        return
    aside = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with aside.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
            cursor.execute(
                "UPDATE background_job SET done = %s, heartbeat_at = %s WHERE id = %s",
                [done, timezone.now(), job_id],
            )
    except DatabaseError:
        pass  # progress is a courtesy: the work goes on
    finally:
        aside.close()


def finish(job_id: int, *, done: int | None = None, counts: dict | None = None) -> None:
    """The job is done; inside the transaction of its last piece of work where it has one."""
    updates: dict[str, Any] = {"status": JobStatus.DONE, "stage": ""}
    now = timezone.now()
    updates.update(finished_at=now, heartbeat_at=now)
    if done is not None:
        updates["done"] = done
    if counts is not None:
        updates["counts"] = counts
    Job.objects.filter(pk=job_id, status__in=LIVE).update(**updates)


@contextmanager
def failed_on_error(job_id: int) -> Iterator[None]:
    """Fails the job when its work raises, then lets the error reach the queue (which keeps
    its traceback). A worker stopped or killed (SystemExit, KeyboardInterrupt, SIGKILL) is
    not an error: its job stays running, and the next worker takes it up again."""
    try:
        yield
    except Exception:
        fail(job_id, "error")
        raise


def fail(job_id: int, failure: str = "error") -> bool:
    """Fails a live job and runs its kind's clean-up in the same transaction. Answers
    whether it was live (a finished job is left as it is)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job.is_live:
            return False
        _fail_locked(job, failure)
        return True


def _fail_locked(job: Job, failure: str) -> None:
    now = timezone.now()
    job.status = JobStatus.FAILED
    job.failure = failure
    job.stage = ""
    job.finished_at = now
    job.heartbeat_at = now
    job.save()
    clean_up = ON_FAILURE.get(job.kind)
    if clean_up is not None:
        clean_up(job)
