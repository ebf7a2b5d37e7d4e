"""The joint statistical secrecy of a year, decided by the task worker (publication.py):
asked for by a statistics page that found it stale, or by `stats_protect --enqueue`. One job
per year at a time: a hundred pages asking at once queue it once."""

from django_tasks import task

from lien.background import jobs
from lien.background.models import Job

from .publication import publish_year

KIND = "stats_protection"


@task()
def protect_year(job_id: int, year: int) -> None:
    if jobs.start(job_id) is None:
        return
    with jobs.failed_on_error(job_id):
        figures = publish_year(year).figures
    jobs.finish(job_id, counts=figures)


def request_protection(year: int) -> Job:
    """Queues the decision of the year's protection, unless it is queued or running."""
    return jobs.enqueue(protect_year, kind=KIND, subject=str(year), args=(year,))
