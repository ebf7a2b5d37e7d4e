"""`manage.py apply_retention [--wet-run] [--batch-size N] [--max-batches N]`: passes the
closed files whose retention period is over to the intermediate archive, then anonymises
them (see lien/privacy/retention_engine.py). A dry run that only counts unless given
--wet-run. Each batch is its own transaction: an interrupted run is resumed by running
the command again. Audit events are pruned separately, by `prune_audit`."""

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lien.audit.maintenance import ChainBrokenError
from lien.base.commands import DestructiveCommand
from lien.privacy import retention_engine as engine
from lien.privacy.tasks import enqueue_retention


class Command(DestructiveCommand):
    help = "Applies the retention periods to closed files (dry run unless --wet-run)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--batch-size", type=int, default=engine.DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--max-batches", type=int, default=None, help="stop after this many batches"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="with --wet-run: run it in the task worker"
        )

    def check_options(self, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")

    def dry_run(self, **options: Any) -> None:
        report = engine.plan()
        d = report.deadlines
        self.stdout.write(
            _(
                "Would archive %(archive)s files (clock on or before %(active_end)s) and "
                "anonymise %(anonymise)s files (aid decisions: clock on or before "
                "%(evidence_end)s); %(held)s files under legal hold or limitation of "
                "processing would be left as they are."
            )
            % {
                "archive": report.counts[engine.ARCHIVE],
                "active_end": f"{d.active_end:%d/%m/%Y}",
                "anonymise": report.counts[engine.ANONYMISE],
                "evidence_end": f"{d.evidence_end:%d/%m/%Y}",
                "held": report.held,
            }
        )
        self._dormant(report)

    def wet_run(self, **options: Any) -> None:
        if options["enqueue"]:
            job = enqueue_retention(batch_size=options["batch_size"])
            self.stdout.write(f"Queued for the task worker: job {job.pk} ({job.status}).")
            return
        try:
            report = engine.apply(
                batch_size=options["batch_size"],
                max_batches=options["max_batches"],
                progress=lambda step, n: self.stdout.write(f"  batch: {step} {n} files"),
            )
        except ChainBrokenError as error:
            event_id, problem = error.args
            raise CommandError(
                f"Refused: the audit chain is broken at event {event_id} ({problem}); "
                "the batch in progress was rolled back. Investigate first."
            ) from None
        self._counts(report)
        self._dormant(report)
        self.stdout.write(
            f"persons anonymised: {report.persons_anonymised}; audit events rewritten: "
            f"{report.audit_events_rewritten}; batches: {report.batches}"
        )
        if not report.finished:
            self.stdout.write("Stopped before the end: run the command again to resume.")

    def _counts(self, report: engine.RetentionReport) -> None:
        d = report.deadlines
        self.stdout.write(
            f"Done: archive {report.counts[engine.ARCHIVE]} files (clock on or before "
            f"{d.active_end}), anonymise {report.counts[engine.ANONYMISE]} files "
            f"(aid decisions: clock on or before {d.evidence_end}); "
            f"{report.held} files under legal hold or limitation of processing left as they are."
        )

    def _dormant(self, report: engine.RetentionReport) -> None:
        if report.merges_settled:
            self.stdout.write(
                ngettext(
                    "%(count)s merge of duplicates past its undo period: its journal and the "
                    "emptied record are deleted.",
                    "%(count)s merges of duplicates past their undo period: their journal and "
                    "the emptied records are deleted.",
                    report.merges_settled,
                )
                % {"count": report.merges_settled}
            )
        if report.dormant_open:
            self.stdout.write(
                ngettext(
                    "%(count)s open file has had no contact for the whole active period: "
                    "it cannot be archived while open; its referent or manager is asked to "
                    "close it (dormant files).",
                    "%(count)s open files have had no contact for the whole active period: "
                    "they cannot be archived while open; their referent or manager is asked "
                    "to close them (dormant files).",
                    report.dormant_open,
                )
                % {"count": report.dormant_open}
            )
