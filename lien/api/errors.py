"""API errors as JSON, in the reader's language (French by default), never a Python
repr: `{"detail": "…"}`, and `"errors": {field: [messages]}` when a rule refused the
input. A service's ValidationError gives 400; a forbidden or missing object, 404 alike;
a year whose statistical secrecy is being decided, 503 with Retry-After."""

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lien.stats.publication import ProtectionPending

logger = logging.getLogger(__name__)

RETRY_PROTECTION_SECONDS = 30


def _messages(error: ValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        fields = {field: list(msgs) for field, msgs in error.message_dict.items()}
        general = fields.pop("__all__", [])
        detail = " ".join(general) or _("The request was refused: see the fields named.")
        return {"detail": detail, "errors": fields}
    return {"detail": " ".join(error.messages)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ValidationError):
        return Response(_messages(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, ProtectionPending):
        response = Response(
            {
                "detail": _(
                    "The statistical secrecy of this year is being decided: ask again in a moment."
                )
            },
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = str(RETRY_PROTECTION_SECONDS)
        return response
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        return Response(
            {"detail": _("The request was refused: see the fields named."), "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    # Anything else is Lien's fault: logged for the operator, a sentence for the caller.
    logger.exception("API error", exc_info=exc)
    return Response(
        {"detail": _("Lien could not answer this request. The team has been told.")},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A URL under /api/ that no route matches answers the API's JSON 404, not the
    pages' HTML one."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)
