"""The payment of granted aid: the order (payee, amount, bank details held apart), the
batch sent to the finance software, and the return that marks the orders paid. A
payment for an aid that was not granted is refused; an IBAN is checked (country,
length, check digits) before anything is saved."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as iban_number
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as NumberError

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file

from .. import statistics
from ..aid.models import AidRequest, AidStatus
from ..privacy_questions import privacy
from .models import BankDetails, PayeeKind, PaymentBatch, PaymentOrder, PaymentStatus


def _require_payments(actor: User) -> None:
    if not can(actor, Can.ORDER_PAYMENTS):
        raise Http404


def _checked_iban(value: str) -> str:
    """The IBAN in its compact form, or a French message saying what is wrong."""
    try:
        return str(iban_number.validate(value))
    except InvalidChecksum:
        message = _("The IBAN's check digits are wrong: check each character of the IBAN.")
    except NumberError:
        message = _("This is not an IBAN: check the country code, the length and the characters.")
    raise ValidationError({"iban": message}, code="iban")


@transaction.atomic
def order_payment(
    *,
    actor: User,
    aid_request_id: int,
    payee_kind: str,
    payee_name: str,
    holder: str,
    iban: str,
) -> PaymentOrder:
    _require_payments(actor)
    aid = (
        AidRequest.objects.select_for_update()
        .select_related("casefile")
        .filter(pk=aid_request_id)
        .first()
    )
    if aid is None:
        raise Http404
    if aid.status != AidStatus.GRANTED or aid.amount_granted is None:
        raise ValidationError(
            _("A payment is ordered only for a granted aid; this request was not granted.")
            if aid.status != AidStatus.REFUSED
            else _("This aid was refused: no payment can be ordered for it."),
            code="not_granted",
        )
    if PaymentOrder.objects.filter(aid_request=aid).exclude(status=PaymentStatus.REJECTED).exists():
        raise ValidationError(_("A payment is already ordered for this aid."), code="ordered")
    if payee_kind not in PayeeKind.values:
        raise ValidationError({"payee_kind": _("Choose the payee.")}, code="payee")
    if not payee_name.strip() or not holder.strip():
        raise ValidationError(
            {"payee_name": _("Give the name of the payee and of the account holder.")},
            code="payee",
        )
    compact = _checked_iban(iban)
    order = PaymentOrder.objects.create(
        aid_request=aid,
        amount=aid.amount_granted,
        payee_kind=payee_kind,
        payee_name=payee_name.strip(),
        ordered_by=actor,
    )
    BankDetails.objects.create(order=order, holder=holder.strip(), iban=compact)
    record_for_file(actor=actor, action=Action.CREATE, casefile=aid.casefile, obj=order)
    return order


def _frozen(order: PaymentOrder) -> bool:
    """True when the order's file is under a limitation of processing (GDPR art. 18):
    its order may not be sent, nor its file written, until the DPO lifts it."""
    try:
        privacy().refuse_if_limited(order.aid_request.casefile_id)
    except ValidationError:
        return True
    return False


@transaction.atomic
def make_batch(*, actor: User) -> PaymentBatch:
    """Every order not yet sent goes into one new batch, for the finance software. An
    order of a frozen file is set aside: it stays waiting (nothing is written on its file)
    and the batch says why it is not in it; the others go."""
    _require_payments(actor)
    waiting = list(
        PaymentOrder.objects.select_for_update()
        .filter(status=PaymentStatus.ORDERED)
        .select_related("aid_request__casefile")
        .order_by("pk")
    )
    if not waiting:
        raise ValidationError(_("No payment order is waiting to be sent."), code="empty")
    set_aside = [order for order in waiting if _frozen(order)]
    orders = [order for order in waiting if order not in set_aside]
    if not orders:
        raise ValidationError(
            _(
                "Every order waiting belongs to a frozen file (processing limited at the "
                "person's request): none can be sent until the data-protection officer lifts "
                "the limitation."
            ),
            code="all_frozen",
        )
    batch = PaymentBatch.objects.create(created_by=actor, set_aside=[o.pk for o in set_aside])
    PaymentOrder.objects.filter(pk__in=[o.pk for o in orders]).update(
        batch=batch, status=PaymentStatus.EXPORTED
    )
    record(actor=actor, action=Action.CREATE, object_kind="paymentbatch", object_id=batch.pk)
    for order in orders:
        record_for_file(
            actor=actor, action=Action.UPDATE, casefile=order.aid_request.casefile, obj=order
        )
    return batch


def _mark_paid(actor: User, orders: list[PaymentOrder], paid_on: date) -> None:
    for order in orders:
        order.status, order.paid_on = PaymentStatus.PAID, paid_on
        order.save(update_fields=["status", "paid_on"])
        statistics.record_aid_payment(order.aid_request, paid_on)
        record_for_file(
            actor=actor, action=Action.UPDATE, casefile=order.aid_request.casefile, obj=order
        )


def _check_paid_on(paid_on: date, batch: PaymentBatch) -> None:
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The date cannot be in the future.")}, code="future")
    if paid_on < timezone.localtime(batch.created_at).date():
        raise ValidationError(
            {"paid_on": _("The payment cannot precede the batch.")}, code="before_batch"
        )


def _batch_to_pay(actor: User, batch_id: int) -> PaymentBatch:
    _require_payments(actor)
    batch = PaymentBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


@transaction.atomic
def mark_batch_paid(*, actor: User, batch_id: int, paid_on: date) -> PaymentBatch:
    """The finance department paid the whole batch (said on the page)."""
    batch = _batch_to_pay(actor, batch_id)
    _check_paid_on(paid_on, batch)
    orders = list(
        batch.orders.filter(status=PaymentStatus.EXPORTED).select_related("aid_request__casefile")
    )
    if not orders:
        raise ValidationError(_("Every order of this batch is already paid."), code="paid")
    _mark_paid(actor, orders, paid_on)
    batch.paid_on = paid_on
    batch.save(update_fields=["paid_on"])
    return batch


RETURN_COLUMNS = ("reference", "statut", "date_paiement")
# A return file may name rejected orders too, with a fourth column: the reason.
RETURN_COLUMNS_WITH_REASON = (*RETURN_COLUMNS, "motif")
# The statuses a return file gives, in the finance software's words.
RETURN_STATUSES = {"PAYE": PaymentStatus.PAID, "REJETE": PaymentStatus.REJECTED}


@dataclass(frozen=True)
class ReturnLine:
    """One order of the return: paid, or rejected with its reason, on that date."""

    reference: str
    status: str  # PaymentStatus.PAID or PaymentStatus.REJECTED
    on: date
    reason: str = ""


def _apply_return(
    actor: User, batch_id: int, lines: list[ReturnLine], field: str, where: Callable[[int], str]
) -> int:
    """Every line is checked before any is applied: one faulty line and nothing is
    marked; the message names the line (`where`) under the input `field`."""
    batch = _batch_to_pay(actor, batch_id)
    orders = {
        o.reference: o
        for o in batch.orders.filter(status=PaymentStatus.EXPORTED).select_related(
            "aid_request__casefile"
        )
    }
    checked: list[tuple[PaymentOrder, ReturnLine]] = []
    for number, line in enumerate(lines, start=1):
        order = orders.pop(line.reference.strip(), None)
        problem = None
        if order is None:
            problem = _("no order of this batch still awaiting its return has this reference.")
        elif line.status not in (PaymentStatus.PAID, PaymentStatus.REJECTED):
            problem = _("the status must say paid or rejected.")
        elif line.status == PaymentStatus.REJECTED and not line.reason.strip():
            problem = _("a rejected order needs its reason.")
        elif line.on > timezone.localdate():
            problem = _("the date cannot be in the future.")
        elif line.on < timezone.localtime(batch.created_at).date():
            problem = _("the date cannot precede the batch.")
        if problem:
            raise ValidationError({field: f"{where(number)} : {problem}"}, code="line")
        assert order is not None
        checked.append((order, line))
    if not checked:
        raise ValidationError({field: _("The return names no order.")}, code="empty")
    for order, line in checked:
        if line.status == PaymentStatus.PAID:
            _mark_paid(actor, [order], line.on)
        else:
            order.status, order.rejected_on = PaymentStatus.REJECTED, line.on
            order.rejection_reason = line.reason.strip()[:500]
            order.save(update_fields=["status", "rejected_on", "rejection_reason"])
            record_for_file(
                actor=actor,
                action=Action.UPDATE,
                casefile=order.aid_request.casefile,
                obj=order,
                reason=_("payment rejected by the finance department"),
            )
    paid_dates = [line.on for _order, line in checked if line.status == PaymentStatus.PAID]
    if not orders and paid_dates:
        batch.paid_on = max(paid_dates)
        batch.save(update_fields=["paid_on"])
    return len(checked)


@transaction.atomic
def record_return(*, actor: User, batch_id: int, lines: list[ReturnLine]) -> int:
    """The finance software's return through the API: each order paid, or rejected with
    its reason. Same checks, same events as the return file."""
    return _apply_return(
        actor, batch_id, lines, "orders", lambda n: _("Order %(n)d of the list") % {"n": n}
    )


@transaction.atomic
def import_return(*, actor: User, batch_id: int, content: str) -> int:
    """The finance software's return file (CSV, `;`, docs/admin/payments.md): each line
    names an order of the batch, "PAYE" or "REJETE" (with its reason) and the date."""
    _batch_to_pay(actor, batch_id)
    reader = csv.DictReader(io.StringIO(content), delimiter=";")
    columns = tuple(reader.fieldnames or ())
    if columns not in (RETURN_COLUMNS, RETURN_COLUMNS_WITH_REASON):
        raise ValidationError(
            {
                "return_file": _(
                    "The return file must have the columns reference;statut;date_paiement "
                    "(and motif, for rejected orders)."
                )
            },
            code="columns",
        )
    lines: list[ReturnLine] = []
    for number, row in enumerate(reader, start=2):
        try:
            on = date.fromisoformat((row["date_paiement"] or "").strip())
        except ValueError:
            on = None
        status = RETURN_STATUSES.get((row["statut"] or "").strip())
        if on is None or status is None:
            raise ValidationError(
                {
                    "return_file": _(
                        "Line %(n)d: an order of this batch not yet paid, the status PAYE "
                        "or REJETE and a date (YYYY-MM-DD) are expected."
                    )
                    % {"n": number}
                },
                code="line",
            )
        lines.append(
            ReturnLine((row["reference"] or "").strip(), status, on, row.get("motif") or "")
        )
    # Lines are counted from the header, as a spreadsheet shows them.
    return _apply_return(
        actor, batch_id, lines, "return_file", lambda n: _("Line %(n)d") % {"n": n + 1}
    )
