"""Granted aid decisions, for the finance software: one office of the token's at a time,
since a date, 200 at most per call (ask again from the last id). The file's number, the
type of aid, the amount and the date: never a person's name. Marking an aid as paid
belongs to the payment orders, which are not in this API yet (docs/admin/api.md)."""

from datetime import date
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lien.accounts.api_tokens.models import ApiScope
from lien.casefiles.aid import selectors
from lien.offices.models import Office

from .common import REFUSALS


class DecisionsQuery(serializers.Serializer[Any]):
    office = serializers.SlugField(help_text="Code de la circonscription.")
    decided_since = serializers.DateField(
        help_text="Décisions prises ce jour ou après (AAAA-MM-JJ).",
        input_formats=["iso-8601"],
    )
    after_id = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=2**62,
        help_text="Pour la page suivante : le dernier id reçu.",
    )


class DecisionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    file_number = serializers.IntegerField()
    office = serializers.CharField()
    aid_type = serializers.CharField(help_text="Code de l'item du catalogue.")
    aid_type_label = serializers.CharField()
    amount_granted = serializers.DecimalField(max_digits=9, decimal_places=2)
    decided_on = serializers.DateField()


class DecisionsSerializer(serializers.Serializer[Any]):
    decisions = DecisionSerializer(many=True)
    next_after_id = serializers.IntegerField(
        allow_null=True, help_text="À passer en after_id pour la suite ; null : c'est tout."
    )


class GrantedAidDecisionsView(APIView):
    api_scope = ApiScope.AID

    @extend_schema(
        operation_id="aid_decisions",
        summary="Les aides accordées d'une circonscription",
        parameters=[DecisionsQuery],
        responses={200: DecisionsSerializer, **REFUSALS},
    )
    def get(self, request: Request) -> Response:
        query = DecisionsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        office = Office.objects.filter(code=query.validated_data["office"]).first()
        if office is None:
            raise Http404
        decided_since: date = query.validated_data["decided_since"]
        decisions = selectors.granted_aid_decisions_for(
            actor=request.user,
            office_id=office.pk,
            decided_since=decided_since,
            after_id=query.validated_data["after_id"],
        )
        full = len(decisions) == selectors.DECISIONS_PAGE
        return Response(
            {
                "decisions": [
                    {
                        "id": aid.pk,
                        "file_number": aid.casefile_id,
                        "office": office.code,
                        "aid_type": aid.aid_type.code,
                        "aid_type_label": aid.aid_type.label,
                        "amount_granted": str(aid.amount_granted),
                        "decided_on": aid.decided_on,
                    }
                    for aid in decisions
                ],
                "next_after_id": decisions[-1].pk if full else None,
            }
        )
