"""The manager's view of an office: its files with their referents, reassignment, and
the recent visits to files nobody follows yet. No figure per worker, anywhere."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can

from .. import selectors, services
from ..appointments import selectors as calendar_selectors
from ..forms import ReassignForm
from ..models import FileStatus
from .reception import _office, _offices


def office_files(request):
    office = _office(request, Can.ASSIGN_REFERENT)
    status = request.GET.get("status", FileStatus.OPEN)
    if status not in (FileStatus.OPEN, FileStatus.CLOSED):
        status = FileStatus.OPEN
    files = selectors.office_files_for(actor=request.user, office_id=office.pk, status=status)
    workers = calendar_selectors.workers_of_office(actor=request.user, office_id=office.pk)
    rows = [
        (
            casefile,
            ReassignForm(
                workers=workers,
                prefix=f"file-{casefile.pk}",
                initial={"referent": casefile.referent_id, "version": casefile.version},
            ),
        )
        for casefile in files
    ]
    return render(
        request,
        "casefiles/office_files.html",
        {
            "office": office,
            "offices": _offices(request, Can.ASSIGN_REFERENT),
            "rows": rows,
            "status": status,
            "unassigned_count": sum(1 for f in files if f.referent_id is None),
            "visits": selectors.unassigned_visits_for(actor=request.user, office_id=office.pk),
        },
    )


@require_POST
def reassign(request, pk: int):
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
    workers = calendar_selectors.workers_of_office(actor=request.user, office_id=casefile.office_id)
    form = ReassignForm(request.POST, workers=workers, prefix=f"file-{pk}")
    saved = False
    if form.is_valid():
        try:
            casefile = services.assign_referent(
                actor=request.user,
                casefile_id=pk,
                referent_id=form.cleaned_data["referent"],
                expected_version=form.cleaned_data["version"],
            )
            saved = True
            form = ReassignForm(
                workers=workers,
                prefix=f"file-{pk}",
                initial={"referent": casefile.referent_id, "version": casefile.version},
            )
        except ValidationError as error:
            form.add_error("referent", error)
    if not request.htmx:
        return redirect(f"{reverse('office_files')}?office={casefile.office_id}")
    casefile = selectors.casefile_for(actor=request.user, pk=pk)
    return render(
        request,
        "casefiles/includes/office_file_row.html",
        {"casefile": casefile, "form": form, "saved": saved},
        status=200 if saved else 422,
    )
