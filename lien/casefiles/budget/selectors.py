"""Reads of the household budget: its versions, and one version whole. Secretaries see
none of it (VIEW_SOCIAL)."""

from dataclasses import dataclass

from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file

from ..files.entries import casefile_or_404
from ..scope import get_or_404
from .models import BudgetSheet
from .summary import SheetSummary, latest_sheet, summarise


@dataclass(frozen=True)
class Budget:
    """The file's budget: its latest version whole, and every version for the history."""

    current: SheetSummary | None
    versions: list[BudgetSheet]


def budget_for(*, actor, casefile_id: int) -> Budget:
    casefile = casefile_or_404(actor, casefile_id, Can.VIEW_SOCIAL)
    versions = list(BudgetSheet.objects.filter(casefile=casefile).order_by("-dated_on", "-pk"))
    current = summarise(versions[0]) if versions else None
    record_for_file(
        actor=actor,
        action=Action.VIEW,
        casefile=casefile,
        obj=current.sheet if current is not None else None,
    )
    return Budget(current=current, versions=versions)


def budget_sheet_for(*, actor, pk: int) -> SheetSummary:
    sheet = get_or_404(BudgetSheet.objects.select_related("casefile"), actor, Can.VIEW_SOCIAL, pk)
    latest = latest_sheet(sheet.casefile_id)
    record_for_file(actor=actor, action=Action.VIEW, casefile=sheet.casefile, obj=sheet)
    return summarise(sheet, is_latest=latest is not None and latest.pk == sheet.pk)
