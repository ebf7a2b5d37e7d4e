"""Payment orders for the finance software: the batches awaiting their return, a batch's
orders with exactly the fields of its CSV and XML export (bank details included, as the
export has them: each call is an export event of every file concerned), and the return,
each order paid or rejected with its reason. The same selectors and services as the
batch's page (lien/casefiles/payments/), organisation-wide like the committee
secretary's; never the person's file beyond what the payment needs."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lien.accounts.api_tokens.models import ApiScope
from lien.casefiles.payments import exports, selectors, services
from lien.casefiles.payments.models import PaymentStatus

from .common import REFUSALS

# A path's id beyond what the database stores is no batch (SQLite would overflow).
LARGEST_ID = 2**62


def _batch_id(pk: int) -> int:
    if pk > LARGEST_ID:
        raise Http404
    return pk


# The statuses of the return, in the API's words.
RETURN_STATUSES = {"paid": PaymentStatus.PAID, "rejected": PaymentStatus.REJECTED}


class BatchSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="LIEN-<année>-<numéro>")
    created_at = serializers.DateTimeField()
    order_count = serializers.IntegerField(help_text="Ordres du lot.")
    awaiting_count = serializers.IntegerField(help_text="Ordres ni payés ni rejetés.")
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class BatchesSerializer(serializers.Serializer[Any]):
    batches = BatchSerializer(many=True)


class OrderSerializer(serializers.Serializer[Any]):
    """The columns of the CSV export (docs/admin/payments.md), nothing more."""

    reference = serializers.CharField(help_text="OP-0000042")
    lot = serializers.CharField()
    montant = serializers.DecimalField(max_digits=9, decimal_places=2)
    beneficiaire_type = serializers.ChoiceField(choices=["person", "landlord", "energy", "other"])
    beneficiaire_nom = serializers.CharField()
    titulaire_compte = serializers.CharField(
        allow_blank=True, help_text="Vide si les coordonnées bancaires ont été effacées."
    )
    iban = serializers.CharField(allow_blank=True)
    aide = serializers.CharField(help_text="Code de l'aide au catalogue.")
    date_decision = serializers.CharField(allow_blank=True, help_text="AAAA-MM-JJ")


class BatchOrdersSerializer(serializers.Serializer[Any]):
    lot = serializers.CharField()
    nombre_ordres = serializers.IntegerField()
    montant_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    ordres = OrderSerializer(many=True)


class ReturnLineSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField(max_length=20, help_text="La référence de l'ordre.")
    status = serializers.ChoiceField(choices=sorted(RETURN_STATUSES))
    date = serializers.DateField(
        input_formats=["iso-8601"], help_text="Date du paiement ou du rejet (AAAA-MM-JJ)."
    )
    reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Le motif, obligatoire pour un ordre rejeté.",
    )


class ReturnSerializer(serializers.Serializer[Any]):
    orders = ReturnLineSerializer(many=True, min_length=1, max_length=5000)


class ReturnAnswer(serializers.Serializer[Any]):
    recorded = serializers.IntegerField(help_text="Ordres marqués payés ou rejetés.")


class BatchesAwaitingReturnView(APIView):
    api_scope = ApiScope.PAYMENTS

    @extend_schema(
        operation_id="payment_batches",
        summary="Les lots d'ordres de paiement en attente de retour",
        responses={200: BatchesSerializer, **REFUSALS},
    )
    def get(self, request: Request) -> Response:
        batches = selectors.batches_awaiting_return(actor=request.user)
        return Response(
            {
                "batches": [
                    {
                        "id": awaiting.batch.pk,
                        "reference": awaiting.batch.reference,
                        "created_at": awaiting.batch.created_at,
                        "order_count": awaiting.order_count,
                        "awaiting_count": awaiting.awaiting_count,
                        "total": f"{awaiting.total:.2f}",
                    }
                    for awaiting in batches
                ]
            }
        )


class BatchOrdersView(APIView):
    api_scope = ApiScope.PAYMENTS

    @extend_schema(
        operation_id="payment_batch_orders",
        summary="Les ordres d'un lot, comme son export CSV ou XML",
        responses={200: BatchOrdersSerializer, **REFUSALS},
    )
    def get(self, request: Request, pk: int) -> Response:
        batch, lines = selectors.batch_export_for(actor=request.user, pk=_batch_id(pk))
        orders = exports.batch_fields(batch, lines)
        total = sum((line.order.amount for line in lines), start=0)
        return Response(
            {
                "lot": batch.reference,
                "nombre_ordres": len(orders),
                "montant_total": f"{total:.2f}",
                "ordres": orders,
            }
        )


class BatchReturnView(APIView):
    api_scope = ApiScope.PAYMENTS

    @extend_schema(
        operation_id="payment_batch_return",
        summary="Le retour du logiciel financier : ordres payés ou rejetés",
        request=ReturnSerializer,
        responses={200: ReturnAnswer, **REFUSALS},
    )
    def post(self, request: Request, pk: int) -> Response:
        given = ReturnSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        lines = [
            services.ReturnLine(
                reference=line["reference"],
                status=RETURN_STATUSES[line["status"]],
                on=line["date"],
                reason=line["reason"],
            )
            for line in given.validated_data["orders"]
        ]
        count = services.record_return(actor=request.user, batch_id=_batch_id(pk), lines=lines)
        return Response({"recorded": count})
