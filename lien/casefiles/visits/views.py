"""The reception desk's day, and logging a visit."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lien.accounts.policy import Can, can
from lien.base.forms import run_service

from ..files import selectors as file_selectors
from ..views.common import (
    chosen_office,
    permitted_offices,
    require,
)
from . import selectors, services
from .forms import VisitForm


def reception_desk(request):
    office = chosen_office(request)
    day = selectors.reception_day_for(actor=request.user, office_id=office.pk)
    return render(
        request,
        "casefiles/reception_desk.html",
        {
            "office": office,
            "offices": permitted_offices(request),
            "day": day,
            # A question that needs no file is counted from the desk, no person created.
            "can_count_anonymous": can(request.user, Can.EDIT_RECEPTION, office.pk),
        },
    )


def log_visit(request, pk: int):
    page = file_selectors.file_page_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_RECEPTION, page.casefile.office_id)
    # From the desk's "Arrived" button: the person and the reason are already known.
    # Otherwise the reference person, listed first, is who most often comes.
    initial = {
        "reason": request.GET.get("reason", ""),
        "person": request.GET.get("person", "")
        or (page.reference_person.pk if page.reference_person else ""),
        "appointment": request.GET.get("appointment", ""),
    }
    form = VisitForm(request.POST or None, members=page.members, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.log_visit(
                actor=request.user,
                casefile_id=pk,
                person_id=form.cleaned_data["person"],
                reason=form.cleaned_data["reason"],
                appointment_id=form.cleaned_data["appointment"],
            ),
        )
        if done:
            messages.success(request, _("Visit logged."))
            return redirect(_desk_url(page.casefile.office_id))
    return render(
        request,
        "casefiles/file_form.html",
        {"casefile": page.casefile, "form": form, "title": _("Log a visit")},
    )


def _desk_url(office_id: int) -> str:
    return f"{reverse('reception_desk')}?office={office_id}"
