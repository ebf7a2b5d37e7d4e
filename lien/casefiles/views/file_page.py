"""The file page, its "show to the person" view, and the acts on the file as a whole:
closing, reopening, transferring."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.offices.models import Office

from .. import selectors, services
from ..forms import CloseFileForm, TransferForm
from .common import render_file_page, require, run_service, today


def casefile_detail(request, pk: int):
    return render_file_page(request, pk)


def person_view(request, pk: int):
    """What is recorded about the household, in plain words and large type, to be read
    together with the person: nothing internal (no notes, no agents' names)."""
    page = selectors.file_page_for(actor=request.user, pk=pk)
    return render(request, "casefiles/person_view.html", {"page": page, "casefile": page.casefile})


def close_casefile(request, pk: int):
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_SOCIAL, casefile.office_id)
    form = CloseFileForm(
        request.POST or None, initial={"version": casefile.version, "closed_on": today()}
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.close_casefile(
                actor=request.user,
                casefile_id=pk,
                reason=form.cleaned_data["reason"],
                closed_on=form.cleaned_data["closed_on"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            messages.success(request, _("The file is closed."))
            return redirect("casefile_detail", pk=pk)
    return render(
        request,
        "casefiles/file_form.html",
        {"casefile": casefile, "form": form, "title": _("Close the file")},
    )


@require_POST
def reopen_casefile(request, pk: int):
    try:
        services.reopen_casefile(actor=request.user, casefile_id=pk)
        messages.success(request, _("The file is open again."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("casefile_detail", pk=pk)


def transfer_casefile(request, pk: int):
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
    require(request, Can.EDIT_SOCIAL, casefile.office_id)
    # Offices are the organisation's public structure, not personal data.
    offices = Office.objects.exclude(pk=casefile.office_id).order_by("name")
    form = TransferForm(
        request.POST or None, offices=offices, initial={"version": casefile.version}
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: services.transfer_casefile(
                actor=request.user,
                casefile_id=pk,
                office_id=form.cleaned_data["office"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if done:
            messages.success(
                request,
                _("The file was transferred to %(office)s. It is no longer in your caseload.")
                % {"office": done.office.name},
            )
            return redirect("home")
    return render(
        request,
        "casefiles/file_form.html",
        {
            "casefile": casefile,
            "form": form,
            "title": _("Transfer the file to another office"),
            "intro": _(
                "The receiving office will see the whole file and give it a referent. "
                "You will no longer have access to it. The transfer and its reason are logged."
            ),
        },
    )
