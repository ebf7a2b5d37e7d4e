"""`manage.py prune_audit [--wet-run]`: deletes the audit events past their retention
period (LIEN_AUDIT_RETENTION_DAYS, 183 by default) and leaves a checkpoint so that the
rest of the chain still verifies; the emergency-access grants that ended before the same
cutoff go with them. A dry run unless given --wet-run.

It lives with the grants it prunes: the audit log, below the case files, imports none of
them (docs/architecture.md, Layers)."""

from django.core.management.base import BaseCommand, CommandError

from lien.audit.maintenance import (
    ChainBrokenError,
    MaintenanceRefused,
    plan_prune,
    prune,
    retention_cutoff,
)
from lien.casefiles.break_glass.retention import grants_past, prune_grants


class Command(BaseCommand):
    help = "Prunes the audit events past their retention period (dry run by default)."

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="really delete")

    def handle(self, *args, **options):
        cutoff = retention_cutoff()
        plan = plan_prune(cutoff)
        if not options["wet_run"]:
            self.stdout.write(
                f"Dry run: {plan.count} events before {cutoff:%Y-%m-%d %H:%M} would be "
                "pruned. Run again with --wet-run to prune them."
            )
            self.stdout.write(
                f"Dry run: {grants_past(cutoff).count()} emergency accesses ended before "
                "then would be deleted."
            )
            return
        try:
            checkpoint = prune(cutoff=cutoff)
        except ChainBrokenError as error:
            _, problem = error.args
            raise CommandError(
                f"Refused: the audit log does not verify ({problem}); "
                "pruning would destroy the evidence. Investigate first."
            ) from None
        except MaintenanceRefused as error:
            raise CommandError(f"Refused: {error}") from None
        grants = prune_grants(cutoff)
        self.stdout.write(f"Deleted {grants} emergency accesses ended before the cutoff.")
        if checkpoint is None:
            self.stdout.write("Nothing to prune.")
        else:
            self.stdout.write(
                f"Pruned {checkpoint.pruned_count} events; the kept chain starts from "
                f"{checkpoint.anchor_hash}."
            )
