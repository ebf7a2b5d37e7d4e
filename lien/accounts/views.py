"""Login security pages: the second factor (set-up, entry, backup codes), the
confirmation of identity before a sensitive act, and the lockout page. The decisions are
taken in services.py and middleware.py; these views translate HTTP."""

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lien.base.forms import run_service

from . import services
from .decorators import mark_fresh
from .devices import has_second_factor
from .forms import CodeForm, ConfirmIdentityForm, EnrolmentCodeForm
from .middleware import before_second_factor, second_factor_done
from .policy import needs_second_factor
from .types import AuthenticatedRequest


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, str] | None = None,
) -> HttpResponse:
    """django-axes' answer once an account is locked: the login page, with why and what
    to do, in the agent's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/login.html",
        {
            "locked_out": _(
                "Too many failed attempts from this workstation: this account is locked here for %(minutes)s minutes. Wait, or ask your administrator to unlock it. Its owner has been told."
            )
            % {"minutes": minutes},
            "form": None,
        },
        status=429,
    )


def _qr_svg(device: TOTPDevice) -> str:
    # segno writes plain SVG markup (no script, no style attribute): safe to inline.
    qr = segno.make(device.config_url, error="m")
    return mark_safe(qr.svg_inline(scale=5, title=_("QR code to scan"), border=2))


@before_second_factor
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    verified = second_factor_done(request)
    if has_second_factor(request.user) and not verified:
        return redirect(f"{resolve_url('two_factor_verify')}?next={request.path}")
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolment = run_service(
            form,
            lambda: services.confirm_totp_enrolment(
                actor=request.user, token=form.cleaned_data["token"], verified=verified
            ),
        )
        if enrolment is not None:
            otp_login(request, enrolment.device)
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": enrolment.backup_codes, "next": _next(request), "first_time": True},
            )
    if request.method == "GET":
        device = services.start_totp_enrolment(actor=request.user, verified=verified)
    else:
        device = (
            TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-id").first()
        )
        if device is None:
            return redirect(request.get_full_path())
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device),
            "secret": _spaced(device.bin_key),
            "next": _next(request),
            "replacing": has_second_factor(request.user),
        },
    )


def _spaced(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@before_second_factor
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    if second_factor_done(request):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(actor=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error(
            "token",
            _("This code is not valid. Check the time of your phone, or use a backup code."),
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


def security(request: AuthenticatedRequest) -> HttpResponse:
    """The agent's own security page: second factor, backup codes."""
    return render(
        request,
        "accounts/security.html",
        {
            "has_second_factor": has_second_factor(request.user),
            "required": settings.LIEN_OTP_REQUIRED and needs_second_factor(request.user),
            "role_needs_it": needs_second_factor(request.user),
        },
    )


@require_POST
def new_backup_codes(request: AuthenticatedRequest) -> HttpResponse:
    codes = run_service(request, lambda: services.regenerate_backup_codes(actor=request.user))
    if codes is None:
        return redirect("account_security")
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "next": resolve_url("account_security"), "first_time": False},
    )


def confirm_identity(request: AuthenticatedRequest) -> HttpResponse:
    need_token = (
        settings.LIEN_OTP_REQUIRED
        and needs_second_factor(request.user)
        and has_second_factor(request.user)
    )
    form = ConfirmIdentityForm(request.POST or None, need_token=need_token)
    if request.method == "POST" and form.is_valid():
        if services.confirm_identity(
            actor=request.user,
            password=form.cleaned_data["password"],
            token=form.cleaned_data.get("token", ""),
            need_token=need_token,
        ):
            mark_fresh(request)
            return redirect(_next(request))
        form.add_error(None, _("The password or the code is not correct."))
    return render(request, "accounts/confirm_identity.html", {"form": form, "next": _next(request)})
