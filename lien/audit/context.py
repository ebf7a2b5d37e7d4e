"""The request id that ties the audit events of one request together."""

import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("lien_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def new_request_id() -> str:
    value = uuid.uuid4().hex
    _request_id.set(value)
    return value
