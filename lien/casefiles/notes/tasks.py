"""The re-encryption of the notes as a background task (`rotate_notes_key --enqueue`).
Resumable like the command: each batch is its own transaction, and the job counts the
texts re-encrypted in it."""

from django_tasks import task

from lien.background import jobs
from lien.background.models import Job

from .rotation import rotate

KIND = "notes_key"


@task()
def rotate_notes_key(job_id: int, batch_size: int = 500) -> None:
    if jobs.start(job_id) is None:
        return
    with jobs.failed_on_error(job_id):
        report = rotate(
            batch_size=batch_size, in_batch=lambda n: jobs.step(job_id, add={"rewritten": n})
        )
    jobs.finish(job_id, done=report.rotation_total)


def enqueue_rotation(*, batch_size: int = 500) -> Job:
    return jobs.enqueue(rotate_notes_key, kind=KIND, args=(batch_size,))
