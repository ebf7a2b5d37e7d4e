"""The office manager's import of households from a spreadsheet: upload, validation
report, confirmation, then the progress of the import, polled by the page."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can
from lien.background.recovery import fail_if_stuck
from lien.base.forms import run_service
from lien.spreadsheet_safety import safe_row

from ..views.common import chosen_office, permitted_offices
from . import selectors, services
from .forms import HouseholdImportForm, StartImportForm
from .models import ImportStatus
from .reading import COLUMNS


def household_imports(request):
    office = chosen_office(request, Can.IMPORT_HOUSEHOLDS)
    offices = permitted_offices(request, Can.IMPORT_HOUSEHOLDS)
    status = 200
    if request.method == "POST":
        form = HouseholdImportForm(request.POST, request.FILES, offices=offices)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            job = run_service(
                form,
                lambda: services.check_import(
                    actor=request.user,
                    office_id=form.cleaned_data["office"],
                    file_name=uploaded.name,
                    content=uploaded.read(),
                ),
            )
            if job:
                return redirect("household_import", pk=job.pk)
        status = 422
    else:
        form = HouseholdImportForm(offices=offices, initial={"office": office.pk})
    return render(
        request,
        "casefiles/household_imports.html",
        {
            "office": office,
            "offices": offices,
            "form": form,
            "imports": selectors.imports_for(actor=request.user, office_id=office.pk),
        },
        status=status,
    )


def household_import(request, pk: int):
    return render(request, "casefiles/household_import.html", _report(_current(request, pk)))


def _current(request, pk: int):
    """The import as it stands; a job whose worker died long ago is failed first, so that
    the page never shows a dead import as running (lien/background/recovery.py)."""
    job = selectors.import_for(actor=request.user, pk=pk)
    if job.status == ImportStatus.RUNNING and job.job_id and fail_if_stuck(job.job_id):
        job = selectors.import_for(actor=request.user, pk=pk)
    return job


def _report(job) -> dict:
    return {"job": job, "progress": job.job, "Status": ImportStatus}


@require_POST
def start_household_import(request, pk: int):
    job = selectors.import_for(actor=request.user, pk=pk)
    form = StartImportForm(request.POST)
    form.is_valid()
    refusal: list[str] = []
    started = run_service(
        refusal,
        lambda: services.start_import(
            actor=request.user, import_id=job.pk, valid_only=form.cleaned_data["valid_only"]
        ),
    )
    if started is None:
        context = _report(job) | {"error": " ".join(refusal)}
        return render(request, "casefiles/household_import.html", context, status=422)
    return redirect("household_import", pk=started.pk)


def household_import_progress(request, pk: int):
    return render(
        request,
        "casefiles/includes/household_import_progress.html",
        _report(_current(request, pk)),
    )


def household_import_template(request):
    """An empty spreadsheet with the columns, to fill in (CSV, semicolons, UTF-8 with
    the mark that Excel needs to read accents)."""
    chosen_office(request, Can.IMPORT_HOUSEHOLDS)
    response = HttpResponse(
        "\ufeff" + ";".join(safe_row(COLUMNS)) + "\r\n", content_type="text/csv; charset=utf-8"
    )
    name = _("households-template.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
