"""Exports that take more than a second, made by the task worker (lien/storage/prepared.py):
the page that asked redirects to a page saying the file is being prepared, which offers it
for download once ready. Only the agent who asked may see the page and fetch the file;
the download is the export, audited when the file leaves.

Today: the statistics exports (a whole year of a grid, for an office or the département,
in every format, the tagged PDF included) and the annual report (annual_report_views)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from lien.accounts.models import User
from lien.audit.models import Action
from lien.audit.services import record
from lien.background.models import JobStatus
from lien.stats import exports, selectors
from lien.storage import prepared
from lien.storage.models import PreparedFile

from .statistics_access import statistics_office_ids

STATISTICS_EXPORT = "statistics_export"
ANNUAL_REPORT = "annual_report"  # built by annual_report_views


def build_statistics_export(file: PreparedFile) -> bytes:
    """In the worker: the published grid, with the rights of the agent as they are now."""
    user = User.objects.filter(pk=file.requested_by_id, is_active=True).first()
    if user is None:
        raise PermissionDenied
    office_ids = statistics_office_ids(user)
    office_id = file.parameters["office_id"]
    if office_id is not None and office_id not in office_ids:
        raise PermissionDenied
    published = selectors.published_grid(
        office_ids=office_ids,
        grid_code=file.parameters["grid"],
        year=file.parameters["year"],
        office_id=office_id,
        decide_now=True,  # the worker decides the year's secrecy itself if it is stale
    )
    return exports.export(published, file.parameters["format"])


def ask_statistics_export(
    request, *, grid: str, year: int, office_id: int | None, office_code: str, fmt: str
) -> HttpResponse:
    file = prepared.ask(
        kind=STATISTICS_EXPORT,
        requested_by_id=request.user.pk,
        parameters={"grid": grid, "year": year, "office_id": office_id, "format": fmt},
        file_name=f"{grid}-{office_code}-{year}.{fmt}",
        content_type=exports.FORMATS[fmt],
    )
    return redirect("prepared_file", pk=file.pk)


def _own(request, pk: int) -> PreparedFile:
    """The agent's own prepared file; anyone else's, or one erased, is not found."""
    file = (
        PreparedFile.objects.select_related("job")
        .filter(pk=pk, requested_by_id=request.user.pk)
        .defer("sealed")
        .first()
    )
    if file is None:
        raise Http404
    return file


def _state(file: PreparedFile) -> str:
    if file.ready_at is not None:
        return "ready"
    if file.job is None or file.job.status == JobStatus.FAILED:
        return "failed"
    return "preparing"


def prepared_file_page(request, pk: int) -> HttpResponse:
    file = _own(request, pk)
    context: dict[str, Any] = {"file": file, "state": _state(file)}
    template = (
        "web/includes/prepared_file_status.html" if request.htmx else "web/prepared_file.html"
    )
    return render(request, template, context)


def prepared_file_download(request, pk: int) -> HttpResponse:
    file = _own(request, pk)
    if file.ready_at is None:
        return redirect("prepared_file", pk=file.pk)
    content = prepared.content_of(PreparedFile.objects.get(pk=file.pk))
    if file.kind == STATISTICS_EXPORT:
        parameters = file.parameters
        record(
            actor=request.user,
            action=Action.EXPORT,
            object_kind="statistics_grid",
            object_id=f"{parameters['grid']}:{parameters['year']}:{parameters['format']}",
            office_id=parameters["office_id"],
        )
    elif file.kind == ANNUAL_REPORT:
        record(
            actor=request.user,
            action=Action.EXPORT,
            object_kind="annual_report",
            object_id=f"{file.parameters['year']}:{file.parameters['format']}",
            office_id=file.parameters["office_id"],
        )
    response = HttpResponse(content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.file_name}"'
    response["Cache-Control"] = "no-store"
    return response
