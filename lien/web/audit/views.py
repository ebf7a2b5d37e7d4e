from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lien.accounts.decorators import fresh_authentication_required
from lien.accounts.policy import Can, can

from . import prepared, selectors
from .forms import EventFilterForm, ExtractForm, PeriodForm


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


def _default_period() -> dict:
    today = timezone.localdate()
    return {"since": today - timedelta(days=30), "until": today}


def dashboard(request):
    form = PeriodForm(request.GET or None, initial=_default_period())
    period = form.cleaned_data if form.is_bound and form.is_valid() else _default_period()
    if not form.is_bound:
        form = PeriodForm(_default_period())
        form.is_valid()
    board = selectors.dashboard_for(actor=request.user, **period)
    return render(request, "audit/dashboard.html", {"form": form, "board": board})


@fresh_authentication_required
def extract(request):
    if not can(request.user, Can.VIEW_AUDIT):
        raise Http404
    form = ExtractForm(request.POST or None, initial={**_default_period(), "subject": "household"})
    if request.method == "POST" and form.is_valid():
        # A long period of a busy agent is many events: the task worker writes the
        # extract (prepared.py), through the same selector, which records it.
        file = prepared.ask_extract(user=request.user, data=form.cleaned_data)
        return redirect("prepared_file", pk=file.pk)
    return render(request, "audit/extract.html", {"form": form})
