"""Sending the due reminders as a background task (`manage.py send_reminders --enqueue`,
every few minutes from cron). Each message is its own transaction, its state in its row
(`sending.py`): a job killed and taken up again sends nothing twice."""

from dataclasses import asdict

from django.utils import timezone
from django_tasks import task

from lien.background import jobs
from lien.background.models import Job

from . import sending

KIND = "reminders"


@task()
def send_reminders(job_id: int) -> None:
    if jobs.start(job_id) is None:
        return
    with jobs.failed_on_error(job_id):
        counts = sending.send_due(timezone.now())
    jobs.finish(job_id, counts=asdict(counts))


def enqueue_reminders() -> Job:
    """Queues a run, or answers the one already queued or running."""
    return jobs.enqueue(send_reminders, kind=KIND)
