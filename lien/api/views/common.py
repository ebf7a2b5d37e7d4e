"""What every endpoint shares: the error bodies the schema documents."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ERROR = inline_serializer(
    name="Erreur",
    fields={
        "detail": serializers.CharField(),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()), required=False
        ),
    },
)

# Every endpoint behind a token may answer these.
REFUSALS = {
    400: OpenApiResponse(ERROR, description="Requête refusée : voir les champs nommés."),
    401: OpenApiResponse(
        ERROR, description="Jeton absent, inconnu, expiré, révoqué ou pas encore approuvé."
    ),
    403: OpenApiResponse(ERROR, description="Le jeton n'ouvre pas cette partie de l'API."),
    404: OpenApiResponse(ERROR, description="Introuvable, ou hors de la portée du jeton."),
    429: OpenApiResponse(
        ERROR, description="Trop de requêtes pour ce jeton : réessayer plus tard."
    ),
}
