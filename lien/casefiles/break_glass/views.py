"""The emergency-access page. It answers the same neutral message whether nothing
matched or the attempt was refused, so that it cannot tell who is followed where; a
match opens the file (or the list of the files) at once."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from lien.accounts.decorators import fresh_authentication_required
from lien.accounts.policy import Can, can
from lien.base.forms import run_service

from . import services
from .forms import BreakGlassForm

NEUTRAL = _(
    "No emergency access was opened. Check the identity against a document, or contact "
    "the office that follows the person. Your attempt has been recorded."
)


def break_glass(request):
    # Refused before the password is asked again: a role that may not break glass learns
    # nothing from the page, not even that it exists.
    if not can(request.user, Can.WRITE_NOTES):
        raise Http404
    return _break_glass(request)


@fresh_authentication_required
def _break_glass(request):
    form = BreakGlassForm(request.POST or None)
    status = 200
    grants = None
    if request.method == "POST":
        if form.is_valid():
            grants = run_service(
                form,
                lambda: services.break_glass(actor=request.user, **form.cleaned_data),
            )
        if grants:
            if len(grants) == 1:
                return redirect("casefile_detail", pk=grants[0].casefile_id)
            return render(request, "break_glass/granted.html", {"grants": grants})
        if form.is_valid():  # nothing matched, or refused: the same answer
            messages.warning(request, str(NEUTRAL))
            return redirect("break_glass")
        status = 422
    return render(
        request,
        "break_glass/break_glass.html",
        {"form": form, "hours": settings.LIEN_BREAK_GLASS_HOURS},
        status=status,
    )
