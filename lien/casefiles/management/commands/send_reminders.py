"""Sends the appointment reminders that are due (to the persons who consented), and
tries again those that failed whose wait is over.

    manage.py send_reminders [--enqueue]

For cron, every 5 to 15 minutes. `--enqueue` hands the run to the task worker."""

from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lien.casefiles.reminders import sending, tasks


class Command(BaseCommand):
    help = "Sends the appointment reminders that are due."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="run it in the task worker")

    def handle(self, *args, enqueue=False, **options):
        with translation.override("fr"):
            if enqueue:
                job = tasks.enqueue_reminders()
                self.stdout.write(
                    _("Reminders queued for the task worker (job %(id)s).") % {"id": job.pk}
                )
                return
            counts = sending.send_due(timezone.now())
            self.stdout.write(
                _("Sent: %(sent)d; failed, tried again later: %(failed)d; not sent: %(cancelled)d.")
                % {"sent": counts.sent, "failed": counts.failed, "cancelled": counts.cancelled}
            )
