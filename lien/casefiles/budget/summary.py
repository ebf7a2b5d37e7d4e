"""A budget sheet read whole: its lines, the members' ages at its date and its reste à
vivre. Used by the selectors, the social report and the letters, never on its own (it
reads no scope and writes no audit event: its callers do)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from ..households.models import HouseholdMember
from .computation import Remaining, age_at, remaining
from .models import BudgetLine, BudgetSheet, Direction


def members_on(household_id: int, day: date) -> list[HouseholdMember]:
    """The members of the household on the budget's date."""
    return list(
        HouseholdMember.objects.filter(household_id=household_id, joined_on__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .select_related("person")
        .order_by("pk")
    )


@dataclass(frozen=True)
class SheetSummary:
    sheet: BudgetSheet
    incomes: list[BudgetLine]
    charges: list[BudgetLine]
    members: list[HouseholdMember]
    figures: Remaining
    is_latest: bool

    @property
    def adults(self) -> int:
        day = self.sheet.dated_on
        return sum(
            1
            for m in self.members
            if m.person.birth_date is None or age_at(m.person.birth_date, day) >= 14
        )

    @property
    def children(self) -> int:
        return len(self.members) - self.adults


def summarise(sheet: BudgetSheet, *, is_latest: bool = True) -> SheetSummary:
    lines = list(sheet.lines.select_related("person"))
    members = members_on(sheet.casefile.household_id, sheet.dated_on)
    incomes = [line for line in lines if line.direction == Direction.INCOME]
    charges = [line for line in lines if line.direction == Direction.CHARGE]
    figures = remaining(
        (line.monthly_amount for line in incomes),
        (line.monthly_amount for line in charges),
        (
            age_at(m.person.birth_date, sheet.dated_on) if m.person.birth_date else None
            for m in members
        ),
    )
    return SheetSummary(sheet, incomes, charges, members, figures, is_latest)


def latest_sheet(casefile_id: int, on: date | None = None) -> BudgetSheet | None:
    """The file's latest budget version (dated on or before `on` when given)."""
    sheets = BudgetSheet.objects.filter(casefile_id=casefile_id)
    if on is not None:
        sheets = sheets.filter(dated_on__lte=on)
    return sheets.select_related("casefile").order_by("-dated_on", "-pk").first()
