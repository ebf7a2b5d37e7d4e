"""Fresh authentication for sensitive acts: the audit extract, the access export,
break-glass, bulk exports. A password given longer ago than LIEN_FRESH_AUTH_SECONDS
(5 minutes by default) is asked again, with the second factor when it is required."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

AUTHENTICATED_AT = "lien_authenticated_at"

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def mark_fresh(request: HttpRequest) -> None:
    request.session[AUTHENTICATED_AT] = time.time()


def is_fresh(request: HttpRequest) -> bool:
    at = request.session.get(AUTHENTICATED_AT)
    return at is not None and time.time() - at <= settings.LIEN_FRESH_AUTH_SECONDS


def fresh_authentication_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not is_fresh(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('confirm_identity')}?{query}")
        return view(request, *args, **kwargs)

    return cast(View, wrapped)
