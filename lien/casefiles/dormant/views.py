"""Closing a dormant file from the home page, where it is proposed."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.base.forms import run_service

from . import services


@require_POST
def close_dormant_file(request, pk: int):
    if run_service(
        request, lambda: services.close_dormant_file(actor=request.user, casefile_id=pk)
    ):
        messages.success(
            request,
            _("File no. %(id)s is closed for lack of contact; it follows the retention rules.")
            % {"id": pk},
        )
    return redirect("home")
