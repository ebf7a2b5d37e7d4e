"""The bank details of a payment are kept until the payment is paid and its accounting
period is over, then deleted (the order stays, as evidence of the payment, with the aid
decision's retention). The accounting period of a payment is its budget year plus the
complementary period, which ends on 31 January of the next year: a rejected transfer
or an accountant's query comes back within it."""

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lien.audit.models import Action
from lien.audit.services import record_for_file

from .models import BankDetails

# Month and day, in the year after the payment, when its accounting period ends.
ACCOUNTING_PERIOD_ENDS = (1, 31)


def accounting_period_end(paid_on: date) -> date:
    month, day = ACCOUNTING_PERIOD_ENDS
    return date(paid_on.year + 1, month, day)


def bank_details_due(today: date) -> QuerySet[BankDetails]:
    """Bank details of orders paid (or rejected: nothing more will be paid on them) in a
    year whose accounting period ended before today."""
    month, day = ACCOUNTING_PERIOD_ENDS
    last_year_over = today.year - 1 if (today.month, today.day) > (month, day) else today.year - 2
    return BankDetails.objects.filter(
        Q(order__paid_on__year__lte=last_year_over)
        | Q(order__rejected_on__year__lte=last_year_over)
    )


@transaction.atomic
def erase_bank_details(today: date) -> int:
    """Deletes the bank details due; each deletion is an audit event of its file."""
    due = list(bank_details_due(today).select_related("order__aid_request__casefile"))
    for details in due:
        record_for_file(
            actor=None,
            action=Action.DELETE,
            casefile=details.order.aid_request.casefile,
            obj=details,
            reason=(
                _("paid, and its accounting period is over")
                if details.order.paid_on
                else _("rejected, and its accounting period is over")
            ),
            while_limited=True,
        )
        details.delete()
    return len(due)
