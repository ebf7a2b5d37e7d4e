"""The intermediate archive's pages, for the office manager and the DPO: the list (and a
search in it), opening a file with a reason, and the legal hold.

An archived file is shown only in answer to the POST that gives the reason: no URL shows
it, and every showing is its own logged read."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lien.accounts.types import AuthenticatedRequest
from lien.base.forms import run_service
from lien.casefiles.models import CaseFile

from . import selectors, services
from .access import archive_keeper_or_404, file_or_404
from .forms import ArchiveSearchForm, LegalHoldForm, OpenArchivedFileForm


def archive_files(request: AuthenticatedRequest) -> HttpResponse:
    form = ArchiveSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    files = selectors.archived_files_for(actor=request.user, query=query)
    return render(
        request, "privacy/archive/archive_files.html", {"form": form, "files": files, "q": query}
    )


def _archived_or_404(request: AuthenticatedRequest, pk: int) -> CaseFile:
    casefile = file_or_404(pk, archived_on__isnull=False, anonymised_on__isnull=True)
    archive_keeper_or_404(request.user, casefile)
    return casefile


def archive_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    casefile = _archived_or_404(request, pk)
    form = OpenArchivedFileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = run_service(
            form,
            lambda: selectors.archived_file_page_for(
                actor=request.user, pk=pk, reason=form.cleaned_data["reason"]
            ),
        )
        if page is not None:
            return render(
                request,
                "privacy/archive/archived_file.html",
                {
                    "page": page,
                    "casefile": page.casefile,
                    "reason": form.cleaned_data["reason"],
                    "hold_form": LegalHoldForm(),
                },
            )
    status = 422 if form.is_bound else 200
    return render(
        request,
        "privacy/archive/open_archived_file.html",
        {"casefile": casefile, "form": form},
        status=status,
    )


def archive_legal_hold(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Sets the legal hold, or lifts it: the form says which, and asks why."""
    casefile = _archived_or_404(request, pk)
    form = LegalHoldForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.set_legal_hold(
                actor=request.user,
                casefile_id=pk,
                held=not casefile.legal_hold,
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        messages.success(
            request,
            _("File %(pk)s is under legal hold.") % {"pk": pk}
            if not casefile.legal_hold
            else _("The legal hold of file %(pk)s is lifted.") % {"pk": pk},
        )
        return redirect("archive_files")
    return render(
        request,
        "privacy/archive/legal_hold.html",
        {"casefile": casefile, "form": form},
        status=422 if form.is_bound else 200,
    )
