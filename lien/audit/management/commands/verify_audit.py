"""`manage.py verify_audit`: exits 0 when the audit chain is intact, 1 naming the first
bad event otherwise. Run it from cron and keep the printed head hash somewhere else: a
head that moved backwards means events were removed from the end."""

from django.core.management.base import BaseCommand, CommandError

from lien.audit.chain import verify


class Command(BaseCommand):
    help = "Checks the hash chain of the audit log."

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect-head",
            default="",
            help="a head hash printed by an earlier run: it must still be in the chain",
        )

    def handle(self, *args, **options):
        verdict = verify()
        if not verdict.intact:
            raise CommandError(
                f"Audit log NOT intact: event {verdict.bad_event_id} {verdict.problem} "
                f"({verdict.checked} events verified before it)."
            )
        expected = options["expect_head"]
        if expected and not _in_chain(expected, verdict.head):
            raise CommandError(
                f"Audit log NOT intact: the head hash {expected} recorded earlier is no "
                "longer in the chain (events were removed from its end)."
            )
        self.stdout.write(f"Audit log intact: {verdict.checked} events, head {verdict.head}.")


def _in_chain(expected: str, head: str) -> bool:
    from lien.audit.models import AuditCheckpoint, AuditEvent

    return (
        expected == head
        or AuditEvent.objects.filter(hash=expected).exists()
        or AuditCheckpoint.objects.filter(anchor_hash=expected).exists()
    )
