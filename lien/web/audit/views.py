import csv
from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lien.accounts.decorators import fresh_authentication_required
from lien.accounts.policy import Can, can
from lien.base.forms import run_service
from lien.spreadsheet_safety import neutralise

from . import selectors
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
        data = form.cleaned_data
        events = run_service(
            form,
            lambda: selectors.extract_for(
                actor=request.user,
                reason=data["reason"],
                since=data["since"],
                until=data["until"],
                username=data["username"] if data["subject"] == "agent" else "",
                household_id=data["household_id"] if data["subject"] == "household" else None,
            ),
        )
        if events is not None:  # an empty extract is still an extract
            return _csv(events, data)
    return render(request, "audit/extract.html", {"form": form})


def _csv(events, data) -> HttpResponse:
    subject = (
        f"agent-{data['username']}"
        if data["subject"] == "agent"
        else (f"household-{data['household_id']}")
    )
    name = f"audit-extract-{subject}-{data['since']:%Y%m%d}-{data['until']:%Y%m%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Date and time"),
            _("Agent"),
            _("Roles"),
            _("Action"),
            _("Object"),
            _("Office"),
            _("Household"),
            _("Results"),
            _("Reason"),
            _("Request"),
        ]
    )
    for event in events:
        writer.writerow(
            neutralise(v)
            for v in (
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                event.actor.username if event.actor else "",
                event.actor_roles,
                event.get_action_display(),
                f"{event.object_kind} {event.object_id}".strip(),
                event.office_id,
                event.household_id,
                event.result_count,
                event.reason,
                event.request_id,
            )
        )
    return response
