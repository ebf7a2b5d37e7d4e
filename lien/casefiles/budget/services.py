"""Writes of the household budget: a new dated version (a copy of the last one), and its
lines added or removed. Only the file's latest version may change: the earlier ones are
what the household's budget was, as the social reports that cite them say."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.models import User
from lien.accounts.policy import Can
from lien.audit.models import Action
from lien.audit.services import record_for_file
from lien.base.fields import format_euros

from ..files.entries import casefile_or_404, require_open
from ..scope import get_or_404
from .models import BudgetLine, BudgetSheet, ChargeKind, Direction, IncomeSource
from .summary import latest_sheet, members_on

# Above this, a monthly line is a typing error (an extra zero, a yearly figure): no
# household seen by a social service has 20 000 € of one income or charge a month.
MAX_MONTHLY_AMOUNT = Decimal("20000")
CATEGORIES: dict[str, list[str]] = {
    Direction.INCOME: IncomeSource.values,
    Direction.CHARGE: ChargeKind.values,
}


@transaction.atomic
def start_budget_sheet(
    *, actor: User, casefile_id: int, dated_on: date | None = None
) -> BudgetSheet:
    """A new version of the budget, dated `dated_on` (today by default), starting as a
    copy of the lines of the latest one."""
    casefile = casefile_or_404(actor, casefile_id, Can.EDIT_SOCIAL)
    require_open(casefile)
    today = timezone.localdate()
    dated_on = dated_on or today
    if dated_on > today:
        raise ValidationError({"dated_on": _("The budget cannot be dated in the future.")})
    last = latest_sheet(casefile.pk)
    if last is not None and dated_on < last.dated_on:
        raise ValidationError(
            {
                "dated_on": _("A new budget cannot be dated before the last one (%(date)s).")
                % {"date": last.dated_on.strftime("%d/%m/%Y")}
            }
        )
    sheet = BudgetSheet.objects.create(casefile=casefile, dated_on=dated_on, created_by=actor)
    if last is not None:
        members = {m.person_id for m in members_on(casefile.household_id, dated_on)}
        BudgetLine.objects.bulk_create(
            BudgetLine(
                sheet=sheet,
                direction=line.direction,
                category=line.category,
                # The income of a member who left stays with the old version only.
                person_id=line.person_id,
                monthly_amount=line.monthly_amount,
                detail=line.detail,
            )
            for line in last.lines.all()
            if line.person_id is None or line.person_id in members
        )
    record_for_file(actor=actor, action=Action.CREATE, casefile=casefile, obj=sheet)
    return sheet


def _sheet_to_edit(actor: User, sheet_id: int) -> BudgetSheet:
    sheet = get_or_404(
        BudgetSheet.objects.select_related("casefile"), actor, Can.EDIT_SOCIAL, sheet_id
    )
    require_open(sheet.casefile)
    latest = latest_sheet(sheet.casefile_id)
    if latest is None or latest.pk != sheet.pk:
        raise ValidationError(
            _("Only the latest budget can be changed: start a new version instead."),
            code="not_latest",
        )
    return sheet


def _checked_amount(amount) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError, ValueError):
        value = None
    if value is None or not value.is_finite() or value <= 0:
        raise ValidationError(
            {"monthly_amount": _("Enter a monthly amount above zero.")}, code="amount"
        )
    if value > MAX_MONTHLY_AMOUNT:
        raise ValidationError(
            {
                "monthly_amount": _(
                    "%(amount)s a month is not plausible: enter a monthly amount of at most "
                    "%(max)s."
                )
                % {"amount": format_euros(value), "max": format_euros(MAX_MONTHLY_AMOUNT)}
            },
            code="amount",
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(
            {"monthly_amount": _("Enter the amount in euros and cents.")}, code="amount"
        )
    return value


@transaction.atomic
def add_budget_line(
    *,
    actor: User,
    sheet_id: int,
    direction: str,
    category: str,
    monthly_amount: Decimal,
    person_id: int | None = None,
    detail: str = "",
) -> BudgetLine:
    sheet = _sheet_to_edit(actor, sheet_id)
    if direction not in CATEGORIES:
        raise ValidationError({"direction": _("Choose income or charge.")}, code="direction")
    if category not in CATEGORIES[direction]:
        raise ValidationError({"category": _("Choose a category of the list.")}, code="category")
    amount = _checked_amount(monthly_amount)
    if direction == Direction.INCOME:
        if person_id is None:
            raise ValidationError({"person": _("Say whose income it is.")}, code="person")
        members = {m.person_id for m in members_on(sheet.casefile.household_id, sheet.dated_on)}
        if person_id not in members:
            raise ValidationError(
                {"person": _("This person is not a member of the household at the budget's date.")},
                code="person",
            )
    else:
        person_id = None
    line = BudgetLine.objects.create(
        sheet=sheet,
        direction=direction,
        category=category,
        person_id=person_id,
        monthly_amount=amount,
        detail=(detail or "").strip()[:80],
    )
    BudgetSheet.objects.filter(pk=sheet.pk).update(updated_at=timezone.now())
    record_for_file(actor=actor, action=Action.UPDATE, casefile=sheet.casefile, obj=sheet)
    return line


@transaction.atomic
def remove_budget_line(*, actor: User, line_id: int) -> None:
    line = get_or_404(
        BudgetLine.objects.select_related("sheet"),
        actor,
        Can.EDIT_SOCIAL,
        line_id,
        office_path="sheet__casefile__office_id",
    )
    sheet = _sheet_to_edit(actor, line.sheet_id)
    line.delete()
    record_for_file(actor=actor, action=Action.UPDATE, casefile=sheet.casefile, obj=sheet)
