"""`manage.py fail_stuck_jobs`: what the worker does every minute, for when no worker runs
(cron): queues again the jobs of a dead worker of this host, fails the stuck ones."""

from typing import Any

from django.core.management.base import BaseCommand

from lien.background import recovery


class Command(BaseCommand):
    help = "Queues again the jobs of a dead worker and fails the stuck ones."

    def handle(self, *args: Any, **options: Any) -> None:
        requeued, failed = recovery.sweep()
        self.stdout.write(f"jobs queued again: {requeued}; stuck jobs failed: {failed}")
