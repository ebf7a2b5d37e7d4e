"""The payment orders' pages: the granted aid to order, the order form, the batches,
their export and their return."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lien.base.forms import run_service

from ..views.common import today
from . import exports, selectors, services
from .forms import PaidForm, PaymentOrderForm, ReturnFileForm


def payments(request):
    granted = selectors.granted_without_order(actor=request.user)
    orders = list(selectors.orders_for(actor=request.user)[:200])
    batches = list(selectors.batches_for(actor=request.user)[:50])
    return render(
        request,
        "casefiles/payments/payments.html",
        {"granted": granted, "orders": orders, "batches": batches},
    )


def order_payment(request, aid_pk: int):
    aid = selectors.granted_aid_for(actor=request.user, pk=aid_pk)
    form = PaymentOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = run_service(
            form,
            lambda: services.order_payment(
                actor=request.user,
                aid_request_id=aid_pk,
                payee_kind=data["payee_kind"],
                payee_name=data["payee_name"],
                holder=data["holder"],
                iban=data["iban"],
            ),
        )
        if order is not None:
            messages.success(request, _("Payment ordered."))
            return redirect("payments")
    return render(
        request,
        "casefiles/payments/order.html",
        {"aid": aid, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
def make_batch(request):
    batch = run_service(request, lambda: services.make_batch(actor=request.user))
    if batch is not None:
        messages.success(request, _("Batch made: export it for the finance software."))
        return redirect("payment_batch", pk=batch.pk)
    return redirect("payments")


def payment_batch(request, pk: int):
    batch = selectors.batches_for(actor=request.user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    paid_form = PaidForm(
        request.POST if "paid_on" in request.POST else None, initial={"paid_on": today()}
    )
    return_form = ReturnFileForm(
        request.POST if "return" in request.POST else None,
        request.FILES if "return" in request.POST else None,
    )
    paid = (
        request.method == "POST"
        and paid_form.is_bound
        and paid_form.is_valid()
        and run_service(
            paid_form,
            lambda: services.mark_batch_paid(
                actor=request.user, batch_id=pk, paid_on=paid_form.cleaned_data["paid_on"]
            ),
        )
    )
    if paid:
        messages.success(request, _("The batch is marked paid."))
        return redirect("payment_batch", pk=pk)
    if request.method == "POST" and return_form.is_bound and return_form.is_valid():
        content = return_form.cleaned_data["return_file"].read().decode("utf-8-sig", "replace")
        count = run_service(
            return_form,
            lambda: services.import_return(actor=request.user, batch_id=pk, content=content),
        )
        if count is not None:
            messages.success(
                request,
                ngettext(
                    "%(count)d order recorded (paid or rejected).",
                    "%(count)d orders recorded (paid or rejected).",
                    count,
                )
                % {"count": count},
            )
            return redirect("payment_batch", pk=pk)
    orders = batch.orders.select_related(
        "aid_request__aid_type", "aid_request__casefile", "bank_details"
    )
    return render(
        request,
        "casefiles/payments/batch.html",
        {
            "batch": batch,
            "orders": orders,
            "set_aside": selectors.set_aside_orders(actor=request.user, batch=batch),
            "paid_form": paid_form,
            "return_form": return_form,
        },
        status=422 if paid_form.errors or return_form.errors else 200,
    )


def export_batch(request, pk: int, fmt: str):
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    batch, lines = selectors.batch_export_for(actor=request.user, pk=pk)
    body = exports.batch_xml(batch, lines) if fmt == "xml" else exports.batch_csv(batch, lines)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{fmt}"'
    return response
