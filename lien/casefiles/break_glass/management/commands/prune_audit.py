"""`manage.py prune_audit [--wet-run]`: deletes the audit events past their retention
period (LIEN_AUDIT_RETENTION_DAYS, 183 by default) and leaves a checkpoint so that the
rest of the chain still verifies; the emergency-access grants that ended before the same
cutoff go with them. A dry run unless given --wet-run.

It lives with the grants it prunes: the audit log, below the case files, imports none of
them (docs/architecture.md, Layers)."""

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.audit.maintenance import (
    ChainBrokenError,
    MaintenanceRefused,
    plan_prune,
    prune,
    retention_cutoff,
)
from lien.base.commands import DestructiveCommand
from lien.casefiles.break_glass.retention import grants_past, prune_grants


class Command(DestructiveCommand):
    help = "Prunes the audit events past their retention period (dry run unless --wet-run)."

    def dry_run(self, **options):
        cutoff = retention_cutoff()
        self.stdout.write(
            _("%(events)s audit events before %(cutoff)s would be pruned.")
            % {
                "events": plan_prune(cutoff).count,
                "cutoff": f"{timezone.localtime(cutoff):%d/%m/%Y %H:%M}",
            }
        )
        self.stdout.write(
            _("%(grants)s emergency accesses ended before then would be deleted.")
            % {"grants": grants_past(cutoff).count()}
        )

    def wet_run(self, **options):
        cutoff = retention_cutoff()
        try:
            checkpoint = prune(cutoff=cutoff)
        except ChainBrokenError as error:
            _event, problem = error.args
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
