"""A social worker's caseload, filtered."""

from django.shortcuts import render

from .. import selectors
from ..forms import CaseloadFilterForm


def caseload(request):
    form = CaseloadFilterForm(request.GET or None)
    filters = selectors.CaseloadFilters()
    if form.is_valid():
        data = form.cleaned_data
        status = data.get("status") or "open"
        filters = selectors.CaseloadFilters(
            status="" if status == "all" else status,
            quiet_days=data.get("quiet_days"),
            with_open_problems=bool(data.get("with_open_problems")),
        )
    files = selectors.caseload_for(actor=request.user, filters=filters)
    template = "casefiles/caseload.html"
    if request.htmx:
        template += "#caseload_table"
    return render(request, template, {"form": form, "files": files})
