"""The retention run as a background task (`manage.py apply_retention --wet-run --enqueue`).

The engine works in batches, each its own transaction, and its state is in the files
themselves: a worker killed in the middle leaves whole batches; the job, queued again for
the next worker, carries on where it stopped. The job's counts are written in each batch's
transaction, so that they add up to the whole run, each file counted once.
"""

from django_tasks import task

from lien.background import jobs
from lien.background.models import Job

from . import retention_engine as engine

KIND = "retention"


@task()
def apply_retention(job_id: int, batch_size: int = engine.DEFAULT_BATCH_SIZE) -> None:
    if jobs.start(job_id) is None:
        return

    def count(step: str, files: int) -> None:
        jobs.step(job_id, stage=step, add={step: files})

    with jobs.failed_on_error(job_id):
        engine.apply(batch_size=batch_size, in_batch=count)
    jobs.finish(job_id)


def enqueue_retention(*, batch_size: int = engine.DEFAULT_BATCH_SIZE) -> Job:
    """Queues a wet run of retention, or answers the one already queued or running."""
    return jobs.enqueue(apply_retention, kind=KIND, args=(batch_size,))
