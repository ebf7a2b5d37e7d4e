from .context import new_request_id


class RequestIdMiddleware:
    """Gives every request an id, echoed in a header so an agent can quote it to support."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = new_request_id()
        response = self.get_response(request)
        response["X-Request-Id"] = request.request_id
        return response
