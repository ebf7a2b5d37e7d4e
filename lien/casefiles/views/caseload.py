"""A social worker's caseload, filtered and paged."""

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
    caseload_page = selectors.caseload_for(
        actor=request.user, filters=filters, page=_page_number(request.GET.get("page"))
    )
    template = "casefiles/caseload.html"
    if request.htmx:
        template += "#caseload_table"
    return render(
        request,
        template,
        {"form": form, "page": caseload_page, "files": caseload_page.files},
    )


def _page_number(text: str | None) -> int:
    """A page number from the link; anything else is the first page (one past the last
    is the last: the selector bounds it)."""
    try:
        return max(1, int(text))
    except (TypeError, ValueError):
        return 1
