"""A form posted after the idle timeout is not lost: the session middleware keeps what was
posted, the person logs in again, and the page they were on comes back with the form
filled in, ready to be saved.

What was posted is kept in the session of the browser that posted it (server-side, never
in the browser's storage), sealed with a key derived from SECRET_KEY so that a copy of the
session table does not hold a note in clear, for an hour at most, and handed over once and
only to the same person: another account logging in on that browser never sees it, and
logging out empties the session."""

import base64
import hashlib
import json
import time
from typing import Any, cast
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

PENDING_FORM = "lien_pending_form"
KEPT_FOR_SECONDS = 60 * 60
# Posts that are not anyone's work: nothing worth keeping.
NOT_KEPT = ("login", "logout", "set_language")


def _sealer() -> Fernet:
    key = hashlib.sha256(b"lien.accounts.pending_forms:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def page_posted_from(request: HttpRequest) -> str:
    """The page the form was on (htmx says it; a plain form's browser sends the referrer),
    where the person comes back after logging in; the posted address itself otherwise."""
    for candidate in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(candidate)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


def keep_posted_form(request: HttpRequest, user_id: int) -> bool:
    """Keeps what was posted (files aside) in the new, anonymous session; True if kept."""
    if request.method != "POST" or request.path in {reverse(name) for name in NOT_KEPT}:
        return False
    data = {
        name: request.POST.getlist(name) for name in request.POST if name != "csrfmiddlewaretoken"
    }
    if not data:
        return False
    kept = {
        "user": user_id,
        "action": request.path,
        "page": page_posted_from(request),
        "data": data,
        "at": time.time(),
    }
    request.session[PENDING_FORM] = _sealer().encrypt(json.dumps(kept).encode()).decode()
    return True


def take_pending_form(request: HttpRequest) -> dict[str, Any] | None:
    """The kept form, once, for the person who posted it and the page it came from."""
    sealed = request.session.get(PENDING_FORM)
    if not sealed or not request.user.is_authenticated:
        return None
    try:
        kept = cast(
            dict[str, Any], json.loads(_sealer().decrypt(sealed.encode(), ttl=KEPT_FOR_SECONDS))
        )
    except InvalidToken:
        del request.session[PENDING_FORM]
        return None
    if kept["user"] != request.user.pk:
        del request.session[PENDING_FORM]
        return None
    if request.method != "GET" or request.headers.get("HX-Request") == "true":
        return None
    if request.path != urlsplit(kept["page"]).path:
        return None
    del request.session[PENDING_FORM]
    return {"action": kept["action"], "data": kept["data"]}
