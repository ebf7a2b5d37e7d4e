from django.core.paginator import Paginator
from django.shortcuts import render

from lien.accounts.policy import Can, can

from . import selectors
from .forms import EventFilterForm


def audit_events(request):
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.filtered_events(
        actor=request.user, **{k: v for k, v in filters.items() if v not in (None, "")}
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "sees_all": can(request.user, Can.VIEW_AUDIT)},
    )
