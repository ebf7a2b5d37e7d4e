"""Pages over the case files. Views only translate between HTTP and the selectors and
services; the access decisions are made there."""

from django.shortcuts import render

from . import selectors


def person_search(request):
    query = request.GET.get("q", "").strip()
    matches = selectors.search_persons(actor=request.user, query=query) if query else None
    template = (
        "casefiles/includes/search_results.html" if request.htmx else "casefiles/person_search.html"
    )
    return render(
        request,
        template,
        {"query": query, "matches": matches, "limit": selectors.SEARCH_LIMIT},
    )


def casefile_detail(request, pk: int):
    page = selectors.file_page_for(actor=request.user, pk=pk)
    return render(
        request, "casefiles/casefile_detail.html", {"page": page, "casefile": page.casefile}
    )
