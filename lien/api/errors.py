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


def _flat(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """A nested input's errors (a list of orders, each with its fields) as one level,
    `{"orders.2.date": [...]}`, as the schema promises: field → sentences."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            inner = (
                prefix
                if key == "non_field_errors" and prefix
                else ".".join(part for part in (prefix, str(key)) if part)
            )
            for name, messages in _flat(value, inner).items():
                flat.setdefault(name, []).extend(messages)
        return flat
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            for name, messages in _flat(item, f"{prefix}.{index}").items():
                flat.setdefault(name, []).extend(messages)
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(item) for item in items]}


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
        errors = _flat(detail if isinstance(detail, dict) else {"non_field_errors": detail})
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
