from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .context import new_request_id


class RequestIdMiddleware:
    """Gives every request an id, echoed in a header so an agent can quote it to support."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # The audit log reads the id from lien.audit.context; the response echoes it.
        request_id = new_request_id()
        response = self.get_response(request)
        response["X-Request-Id"] = request_id
        return response
