"""Structured logs: one JSON object per line, with nothing in it that names anyone.

A line holds the time, the level, the logger, the message, the request id (the one the
audit log records), the user's numeric id and the route's template (`files/<int:pk>/`),
never the path itself, its query string (search terms are names) or a form's values.
Django's own request messages quote the path: it is replaced by the template. An error's
traceback keeps its frames and the exception's type, not its message, which may quote a
row of the database.
"""

import json
import logging
import time
import traceback
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from lien.audit.context import current_request_id

# Where a route is unknown (a 404 before any view): the path itself may be a name.
UNRESOLVED = "-"

requests_log = logging.getLogger("lien.requests")

_user_id: ContextVar[int | None] = ContextVar("lien_log_user_id", default=None)
_route: ContextVar[str | None] = ContextVar("lien_log_route", default=None)


def route_of(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.route if match is not None and match.route else UNRESOLVED


def user_id_of(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return int(user.pk)


class RequestLogContextMiddleware:
    """Gives the log lines written during a request its user id and route template, and
    writes one line per request (status and duration) at INFO. After the authentication
    middleware (it reads the user)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user_token = _user_id.set(user_id_of(request))
        route_token = _route.set(UNRESOLVED)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            requests_log.info(
                "request",
                extra={
                    "status_code": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "request": request,
                },
            )
            return response
        finally:
            _user_id.reset(user_token)
            _route.reset(route_token)

    def process_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        _route.set(route_of(request))


def _message(record: logging.LogRecord, route: str | None) -> str:
    """The record's message, with the request's path (as Django quotes it, escaped or
    not) replaced by the route's template."""
    if record.name == "django.server":
        # The development server quotes the request line, query string included.
        return "request served"
    request = getattr(record, "request", None)
    if not isinstance(request, HttpRequest) or not isinstance(record.args, tuple):
        return record.getMessage()
    path = request.path
    quoted = {path, path.encode("unicode_escape").decode("ascii")}
    args = tuple(route if isinstance(a, str) and a in quoted else a for a in record.args)
    try:
        return str(record.msg) % args
    except (TypeError, ValueError):
        return str(record.msg)


def _exception(exc_info: Any) -> dict[str, Any]:
    kind, _error, trace = exc_info
    frames = traceback.extract_tb(trace)
    return {
        "type": f"{kind.__module__}.{kind.__qualname__}",
        "frames": [f"{f.filename}:{f.lineno} in {f.name}" for f in frames],
    }


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            route: str | None = route_of(request)
            user_id = user_id_of(request)
        else:
            route, user_id = _route.get(), _user_id.get()
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": _message(record, route),
            "request_id": current_request_id() or None,
            "user_id": user_id,
            "route": route,
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            line["status"] = status
        if isinstance(request, HttpRequest):
            line["method"] = request.method
        duration = getattr(record, "duration_ms", None)
        if isinstance(duration, float):
            line["duration_ms"] = duration
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = _exception(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
