"""The catalogue, read: every item with the columns of the catalogue's export, as JSON,
or the YAML export itself (the file `load_catalog` reads back)."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lien.accounts.api_tokens.models import ApiScope
from lien.catalog import exchange, selectors
from lien.catalog.snapshot import row_of

from .common import REFUSALS


class ItemSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    family = serializers.CharField()
    label_fr = serializers.CharField()
    label_en = serializers.CharField()
    help_fr = serializers.CharField(allow_blank=True)
    help_en = serializers.CharField(allow_blank=True)
    value_type = serializers.CharField()
    choices = serializers.JSONField()
    sensitivity = serializers.CharField()
    purposes = serializers.ListField(child=serializers.CharField())
    legal_basis = serializers.CharField(allow_blank=True)
    retention_family = serializers.CharField(allow_blank=True)
    visible_to_roles = serializers.ListField(child=serializers.CharField())
    feeds_statistics = serializers.BooleanField()
    coarsening = serializers.CharField(allow_blank=True)
    owner = serializers.CharField(allow_blank=True)
    justification = serializers.CharField(allow_blank=True)
    status = serializers.CharField()
    counts_as_contact = serializers.BooleanField()


class CatalogSerializer(serializers.Serializer[Any]):
    items = ItemSerializer(many=True)


class CatalogItemsView(APIView):
    api_scope = ApiScope.CATALOG

    @extend_schema(
        operation_id="catalog_items",
        summary="Le catalogue, tous ses items",
        responses={200: CatalogSerializer, **REFUSALS},
    )
    def get(self, request: Request) -> Response:
        items = selectors.catalog_items_for(actor=request.user, export="json")
        return Response({"items": [row_of(item) for item in items]})


class YamlRenderer(renderers.BaseRenderer):
    media_type = "application/yaml"
    format = "yaml"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        if isinstance(data, str):
            return data.encode("utf-8")
        # An error while a YAML file was asked: its JSON body, readable as YAML too.
        return renderers.JSONRenderer().render(data)


class CatalogExportView(APIView):
    api_scope = ApiScope.CATALOG
    renderer_classes = [YamlRenderer]

    @extend_schema(
        operation_id="catalog_export",
        summary="Le catalogue au format de son export YAML",
        responses={
            (200, "application/yaml"): OpenApiResponse(
                CatalogSerializer, description="Le fichier que `load_catalog` relit."
            ),
            **{(code, "application/yaml"): r for code, r in REFUSALS.items()},
        },
    )
    def get(self, request: Request) -> Response:
        items = selectors.catalog_items_for(actor=request.user, export="yaml")
        response = Response(exchange.to_yaml(items))
        response["Content-Disposition"] = 'attachment; filename="catalogue.yaml"'
        return response
