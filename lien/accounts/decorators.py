"""Fresh authentication for sensitive acts: the audit extract, the access export,
break-glass, bulk exports. A password given longer ago than LIEN_FRESH_AUTH_SECONDS
(5 minutes by default) is asked again, with the second factor when it is required."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

AUTHENTICATED_AT = "lien_authenticated_at"


def mark_fresh(request) -> None:
    request.session[AUTHENTICATED_AT] = time.time()


def is_fresh(request) -> bool:
    at = request.session.get(AUTHENTICATED_AT)
    return at is not None and time.time() - at <= settings.LIEN_FRESH_AUTH_SECONDS


def fresh_authentication_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_fresh(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('confirm_identity')}?{query}")
        return view(request, *args, **kwargs)

    return wrapped
