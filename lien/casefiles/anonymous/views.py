"""The reception desk's form for a visit that needs no file."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lien.accounts.policy import Can
from lien.base.forms import run_service

from ..views.common import chosen_office, permitted_offices
from . import services
from .forms import AnonymousVisitForm


def anonymous_visit(request):
    office = chosen_office(request, Can.EDIT_RECEPTION)
    form = AnonymousVisitForm(request.POST or None, towns=office.towns.all())
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.record_anonymous_visit(
                actor=request.user,
                office_id=office.pk,
                reason=form.cleaned_data["reason"],
                channel=form.cleaned_data["channel"],
                town_id=form.cleaned_data["town"],
                age_band=form.cleaned_data["age_band"] or "",
            ),
        )
        if done is not None:  # False: the year's statistics are closed, nothing to count
            messages.success(
                request, _("Visit without a file counted. Nothing about the person was kept.")
            )
            return redirect(f"{reverse('reception_desk')}?office={office.pk}")
    return render(
        request,
        "casefiles/anonymous_visit.html",
        {"office": office, "offices": permitted_offices(request, Can.EDIT_RECEPTION), "form": form},
    )
