"""Published statistics: a grid for one office or the département, as published after
disclosure control (suppressed cells are null), from the year's stored protection; never
a tally of the record."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lien.accounts.api_tokens.models import ApiScope
from lien.audit.models import Action
from lien.audit.services import record
from lien.offices.models import Office
from lien.stats import selectors
from lien.stats.definitions import load_grid
from lien.web.statistics_access import statistics_office_ids

from .common import ERROR, REFUSALS

WHOLE_DEPARTEMENT = "all"
# A year outside these answers like one without statistics.
FIRST_YEAR, LAST_YEAR = 1990, 2200


class RowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()
    cells = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Une valeur par colonne ; null : cellule couverte par le secret statistique.",
    )
    is_total = serializers.BooleanField()


class TableSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    threshold = serializers.IntegerField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = RowSerializer(many=True)


class SourceSerializer(serializers.Serializer[Any]):
    office = serializers.CharField()
    typed = serializers.BooleanField(help_text="Sa grille papier de l'année est comptée.")
    computed = serializers.BooleanField(help_text="Lien tenait ses dossiers dans l'année.")


class PublishedGridSerializer(serializers.Serializer[Any]):
    grid = serializers.CharField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    scope = serializers.CharField(help_text="Code de la circonscription, ou « all ».")
    sources = SourceSerializer(many=True)
    tables = TableSerializer(many=True)


def _as_data(published: selectors.PublishedGrid) -> dict[str, Any]:
    return {
        "grid": published.grid.code,
        "title": published.grid.title,
        "year": published.year,
        "scope": published.office.code if published.office else WHOLE_DEPARTEMENT,
        "sources": [
            {"office": s.office.code, "typed": s.typed, "computed": s.computed}
            for s in published.sources
        ],
        "tables": [
            {
                "code": t.table.code,
                "title": t.title,
                "threshold": t.threshold,
                "columns": t.columns,
                "rows": [
                    {"label": r.label, "cells": [c.value for c in r.cells], "is_total": r.is_total}
                    for r in t.rows
                ],
            }
            for t in published.tables
        ],
    }


class PublishedGridView(APIView):
    api_scope = ApiScope.STATISTICS

    @extend_schema(
        operation_id="statistics_grid",
        summary="Une grille statistique publiée",
        parameters=[
            OpenApiParameter(
                "office",
                str,
                description="Code de la circonscription ; absent ou « all » : tout le département "
                "(jeton ouvert à toutes les circonscriptions).",
            )
        ],
        responses={
            200: PublishedGridSerializer,
            503: OpenApiResponse(ERROR, description="Secret statistique en cours de décision."),
            **REFUSALS,
        },
    )
    def get(self, request: Request, grid: str, year: int) -> Response:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404
        office_ids = statistics_office_ids(request.user)
        code = request.query_params.get("office", WHOLE_DEPARTEMENT)
        office = None
        if code != WHOLE_DEPARTEMENT:
            office = Office.objects.filter(code=code, pk__in=office_ids).first()
            if office is None:
                raise Http404
        try:
            load_grid(grid)
        except LookupError:
            raise Http404 from None
        published = selectors.published_grid(
            office_ids=office_ids,
            grid_code=grid,
            year=year,
            office_id=office.pk if office else None,
        )
        record(
            actor=request.user,
            action=Action.EXPORT,
            object_kind="statistics_grid",
            object_id=f"{grid}:{year}:api",
            office_id=office.pk if office else None,
        )
        return Response(_as_data(published))
