"""Session rules: an idle session ends, and an agent who can read personal data passes
the second factor before any page."""

import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from lien.audit.models import Action
from lien.audit.services import record

from .devices import has_second_factor
from .pending_forms import keep_posted_form, page_posted_from
from .policy import needs_second_factor

GetResponse = Callable[[HttpRequest], HttpResponseBase]
View = TypeVar("View", bound=Callable[..., HttpResponseBase])

LAST_ACTIVITY = "lien_last_activity"


def activity_step() -> int:
    """The last activity is written into the session at most this often (seconds): a
    thirtieth of the idle timeout, a minute for 30 minutes. Written at every request, it
    made every page a second write transaction (the session's), with its own wait for the
    disk. A session therefore ends between LIEN_IDLE_TIMEOUT and one step more after its
    last request, never earlier."""
    return min(60, settings.LIEN_IDLE_TIMEOUT // 30)


SSO_SECOND_FACTOR = "lien_sso_second_factor"
SESSION_STARTED = "lien_session_started"


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request") == "true")


class IdleTimeoutMiddleware:
    """Ends a session left idle longer than LIEN_IDLE_TIMEOUT (30 minutes by default),
    and any session older than SESSION_COOKIE_AGE (10 hours) whatever the activity: the
    session's expiry in the database moves forward each time the session is saved, so
    without this a session kept busy would never end.

    The session is emptied without Django's logout signal: the audit records a session
    expiry, not a logout the agent did not make. The login requirement that follows
    sends the agent to the login page, with a message saying why. A form posted at that
    moment is kept (lien.accounts.pending_forms) and the agent comes back, once logged in,
    to the page they posted it from, where it is filled in again."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED, now)
            last = request.session.get(LAST_ACTIVITY)
            step = activity_step()
            ended = None
            if now - started > settings.SESSION_COOKIE_AGE:
                ended = _("Your session ended after %(hours)s hours. Log in again.") % {
                    "hours": settings.SESSION_COOKIE_AGE // 3600
                }
            elif last is not None and now - last > settings.LIEN_IDLE_TIMEOUT + step:
                ended = _(
                    "Your session ended after %(minutes)s minutes without activity. Log in again."
                ) % {"minutes": settings.LIEN_IDLE_TIMEOUT // 60}
            elif last is None or now - last >= step:
                request.session[LAST_ACTIVITY] = now
            if ended is not None:
                response = _end(request, user, ended)
                if response is not None:
                    return response
        return self.get_response(request)


def _end(request: HttpRequest, user: Any, ended: str) -> HttpResponseBase | None:
    """Ends the session and says why; the form being posted, if any, is kept."""
    record(actor=user, action=Action.SESSION_EXPIRED)
    request.session.flush()
    request.user = AnonymousUser()
    kept = keep_posted_form(request, user.pk)
    if kept:
        ended += " " + _("What you were saving is kept: it will come back filled in.")
    messages.warning(request, ended)
    if kept or _is_htmx(request):
        login = resolve_url(settings.LOGIN_URL)
        if request.method == "POST":
            login += "?" + urlencode({"next": page_posted_from(request)})
        if not _is_htmx(request):
            return redirect(login)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = login
        return response
    return None


def before_second_factor(view: View) -> View:
    """Marks a view reachable between the password and the second factor."""
    view.lien_before_second_factor = True  # type: ignore[attr-defined]  # a mark read by the middleware
    return view


def second_factor_done(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        getattr(user, "is_verified", lambda: False)() or request.session.get(SSO_SECOND_FACTOR)
    )


class TwoFactorRequiredMiddleware:
    """With LIEN_OTP_REQUIRED, sends an agent whose roles read personal data to set up or
    enter their second factor before any other page."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if not settings.LIEN_OTP_REQUIRED:
            return None
        user = request.user
        if not user.is_authenticated or second_factor_done(request):
            return None
        if getattr(view_func, "lien_before_second_factor", False) or not getattr(
            view_func, "login_required", True
        ):
            return None
        if not needs_second_factor(user):
            return None
        target = "two_factor_verify" if has_second_factor(user) else "two_factor_setup"
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if _is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
