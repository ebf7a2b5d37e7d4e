"""`manage.py verify_audit`: exits 0 when the audit log verifies, 1 naming the first bad
event otherwise. It checks every checkpoint, seal and redaction against the audit key,
every event against its seal, the events still waiting to be sealed, and every anchor
written outside the database (LIEN_AUDIT_ANCHOR_FILE): an anchor names a position and MAC
that must still be in the chain, so events removed from its end are caught."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lien.audit.verification import verify


class Command(BaseCommand):
    help = "Checks the audit log: its keyed chain, its checkpoints and its anchors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            default="",
            help="a head MAC recorded earlier (an anchor kept elsewhere): it must still be "
            "in the chain",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = verify()
        if not verdict.intact:
            raise CommandError(
                f"Audit log NOT intact: {verdict.message} "
                f"({verdict.checked} events verified before it)."
            )
        expected = options["expect_head"]
        if expected and not _in_chain(expected, verdict.head):
            raise CommandError(
                f"Audit log NOT intact: the head {expected} recorded earlier is no longer in "
                "the chain (events were removed from its end, or it was rewritten)."
            )
        self.stdout.write(
            f"Audit log intact: {verdict.checked} events, head seal {verdict.head_seq} "
            f"{verdict.head}; {verdict.anchors_checked} anchors checked."
        )
        if verdict.waiting:
            self.stdout.write(
                f"{verdict.waiting} events waiting to be sealed (the oldest dated "
                f"{verdict.oldest_waiting:%Y-%m-%d %H:%M:%S}): `manage.py seal_audit` seals them."
            )
        for note in verdict.notes:
            self.stdout.write(f"Note: {note}.")


def _in_chain(expected: str, head: str) -> bool:
    from lien.audit.models import AuditCheckpoint, AuditSeal, CheckpointKind

    return (
        expected == head
        or AuditSeal.objects.filter(mac=expected).exists()
        or AuditCheckpoint.objects.filter(kind=CheckpointKind.PRUNE, anchor_hash=expected).exists()
    )
