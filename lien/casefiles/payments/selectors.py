"""Reads of the payment orders, for whoever orders payments (Can.ORDER_PAYMENTS,
organisation-wide): the granted aid waiting for an order, the orders, the batches and
their export. The bank details are read only for the export; pages show them masked."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from lien.accounts.models import User
from lien.accounts.policy import Can, can
from lien.audit.models import Action
from lien.audit.services import record, record_for_file

from ..aid.models import AidRequest, AidStatus
from .models import PaymentBatch, PaymentOrder, PaymentStatus


def _require(actor: User) -> None:
    if not can(actor, Can.ORDER_PAYMENTS):
        raise Http404


def granted_without_order(*, actor: User) -> list[AidRequest]:
    """The granted aid with no order, or whose last order the finance department
    rejected (`rejection_reason` says why, for the order made again)."""
    _require(actor)
    orders = PaymentOrder.objects.filter(aid_request=OuterRef("pk"))
    granted: list[AidRequest] = list(
        AidRequest.objects.filter(status=AidStatus.GRANTED)
        .exclude(Exists(orders.exclude(status=PaymentStatus.REJECTED)))
        .annotate(rejection_reason=Subquery(orders.order_by("-pk").values("rejection_reason")[:1]))
        .select_related("casefile__household", "casefile__office", "aid_type")
        .order_by("decided_on", "pk")
    )
    record(
        actor=actor, action=Action.LIST, object_kind="payments_to_order", result_count=len(granted)
    )
    return granted


def granted_aid_for(*, actor: User, pk: int) -> AidRequest:
    """A granted aid, for the form that orders its payment."""
    _require(actor)
    aid = AidRequest.objects.select_related("casefile__household", "aid_type").filter(pk=pk).first()
    if aid is None:
        raise Http404
    record_for_file(actor=actor, action=Action.VIEW, casefile=aid.casefile, obj=aid)
    return aid


def orders_for(*, actor: User) -> QuerySet[PaymentOrder]:
    _require(actor)
    record(actor=actor, action=Action.LIST, object_kind="payment_orders")
    return PaymentOrder.objects.select_related(
        "aid_request__aid_type", "aid_request__casefile", "batch", "bank_details"
    )


def batches_for(*, actor: User) -> QuerySet[PaymentBatch]:
    _require(actor)
    return PaymentBatch.objects.all()


def set_aside_orders(*, actor: User, batch: PaymentBatch) -> list[PaymentOrder]:
    """The orders left waiting when the batch was made, their file being frozen; the page
    says why (and, once sent in a later batch, which one)."""
    _require(actor)
    return list(
        PaymentOrder.objects.filter(pk__in=batch.set_aside)
        .select_related("aid_request__aid_type", "batch")
        .order_by("pk")
    )


@dataclass(frozen=True)
class BatchAwaitingReturn:
    batch: PaymentBatch
    order_count: int
    awaiting_count: int  # neither paid nor rejected
    total: Decimal


def batches_awaiting_return(*, actor: User) -> list[BatchAwaitingReturn]:
    """The batches ready for the finance software: some order still neither paid nor
    rejected. Oldest first; the orders themselves come with the batch's export."""
    _require(actor)
    batches = [
        BatchAwaitingReturn(batch, batch.order_count, batch.awaiting_count, batch.total)
        for batch in PaymentBatch.objects.filter(
            pk__in=PaymentOrder.objects.filter(status=PaymentStatus.EXPORTED).values("batch")
        )
        .annotate(
            order_count=Count("orders"),
            awaiting_count=Count("orders", filter=Q(orders__status=PaymentStatus.EXPORTED)),
            total=Sum("orders__amount"),
        )
        .order_by("created_at", "pk")
    ]
    record(
        actor=actor,
        action=Action.LIST,
        object_kind="payment_batches",
        result_count=len(batches),
    )
    return batches


@dataclass(frozen=True)
class ExportLine:
    order: PaymentOrder
    holder: str
    iban: str


def batch_export_for(*, actor: User, pk: int) -> tuple[PaymentBatch, list[ExportLine]]:
    """The batch with every order's bank details in clear, for the finance software;
    each file concerned gets an export event."""
    _require(actor)
    batch = PaymentBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404
    orders = batch.orders.select_related(
        "aid_request__casefile", "aid_request__aid_type", "bank_details"
    ).order_by("pk")
    lines = []
    for order in orders:
        details = getattr(order, "bank_details", None)
        lines.append(
            ExportLine(order, details.holder if details else "", details.iban if details else "")
        )
        record_for_file(
            actor=actor, action=Action.EXPORT, casefile=order.aid_request.casefile, obj=order
        )
    return batch, lines
