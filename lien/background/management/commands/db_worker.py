"""`manage.py db_worker`: django-tasks-db's worker, with what Lien adds to it.

The worker first lowers its processor priority (lien/background/priority.py). Before
taking any task, it queues again the jobs whose worker process on this host
died, and fails the stuck ones (lien/background/recovery.py); then it does so again every
LIEN_TASK_SWEEP_SECONDS (60 by default) in a thread of its own, while it runs tasks. The
work that apps register to run beside the tasks starts too (lien/background/companions.py:
the audit log's sealer, with LIEN_AUDIT_SEALER=worker). Every option of django-tasks-db's
command is kept (`--help`).
"""

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from lien.background import recovery
from lien.background.companions import start_companions
from lien.background.priority import give_way_to_the_desk

logger = logging.getLogger("lien.background")


def _sweep_and_log() -> None:
    try:
        requeued, failed = recovery.sweep()
    except DatabaseError:
        logger.exception("the sweep of lost and stuck jobs failed; it is tried again later")
        return
    if requeued or failed:
        logger.warning(
            "jobs queued again (worker lost): %s; stuck jobs failed: %s", requeued, failed
        )


def _sweep_every(seconds: float, stop: threading.Event) -> None:
    while not stop.wait(seconds):
        try:
            _sweep_and_log()
        finally:
            connection.close()  # this thread's own connection, opened again next time


class Command(DatabaseWorkerCommand):
    help = "Runs the background tasks (and takes up the jobs of a worker that died)."

    def handle(self, *args: Any, **options: Any) -> None:
        give_way_to_the_desk()
        _sweep_and_log()
        stop = threading.Event()
        seconds = float(getattr(settings, "LIEN_TASK_SWEEP_SECONDS", 60))
        threading.Thread(
            target=_sweep_every, args=(seconds, stop), name="job-sweeper", daemon=True
        ).start()
        start_companions(stop)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
