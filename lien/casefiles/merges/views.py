"""The manager's pages to merge duplicates: find two records, compare them, merge (two
persons field by field, or their two households), and undo within the period."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lien.accounts.policy import Can, can
from lien.base.forms import run_service

from . import selectors, services
from .forms import HouseholdMergeForm, PersonMergeForm


def _require_merger(request) -> None:
    if not can(request.user, Can.MERGE_DUPLICATES):
        raise Http404


def duplicates(request):
    """Search across the offices where the manager may merge; the merges made there."""
    _require_merger(request)
    query = request.GET.get("q", "").strip()
    candidates = selectors.merge_candidates(actor=request.user, query=query) if query else None
    return render(
        request,
        "casefiles/duplicates.html",
        {
            "query": query,
            "candidates": candidates,
            "merges": selectors.merges_for(actor=request.user),
        },
    )


def _ids(data):
    try:
        return int(data.get("kept", "")), int(data.get("absorbed", ""))
    except ValueError:
        raise Http404 from None


def compare(request):
    _require_merger(request)
    kept_id, absorbed_id = _ids(request.GET if request.method == "GET" else request.POST)
    if kept_id == absorbed_id:
        messages.error(request, _("Choose two different persons."))
        return redirect("duplicates")
    pair = selectors.merge_pair_for(actor=request.user, kept_id=kept_id, absorbed_id=absorbed_id)
    form = PersonMergeForm(request.POST or None, pair=pair)
    if request.method == "POST" and form.is_valid():
        merge = run_service(
            form,
            lambda: services.merge_persons(
                actor=request.user,
                kept_id=kept_id,
                absorbed_id=absorbed_id,
                choices=form.choices(),
            ),
        )
        if merge:
            messages.success(
                request, _("The two persons are merged. The merge can be undone below.")
            )
            return redirect("duplicates")
    return render(request, "casefiles/merge_compare.html", {"pair": pair, "form": form})


def merge_households(request):
    """The preview of a household merge (both households, the result, the files, what
    follows) with a choice for each value that differs; merging is its POST."""
    _require_merger(request)
    kept_id, absorbed_id = _ids(request.GET if request.method == "GET" else request.POST)
    preview = selectors.household_merge_preview_for(
        actor=request.user, kept_file_id=kept_id, absorbed_file_id=absorbed_id
    )
    if preview.kept_file.household_id == preview.absorbed_file.household_id:
        messages.error(request, _("These two files are of the same household."))
        return redirect("duplicates")
    form = HouseholdMergeForm(request.POST or None, preview=preview)
    if request.method == "POST" and form.is_valid():
        merge = run_service(
            form,
            lambda: services.merge_households(
                actor=request.user,
                kept_file_id=kept_id,
                absorbed_file_id=absorbed_id,
                choices=form.choices(),
            ),
        )
        if merge:
            messages.success(
                request, _("The two households are merged. The merge can be undone below.")
            )
            return redirect("duplicates")
    return render(request, "casefiles/merge_households.html", {"preview": preview, "form": form})


@require_POST
def undo_merge(request, pk: int):
    _require_merger(request)
    if run_service(request, lambda: services.undo_merge(actor=request.user, merge_id=pk)):
        messages.success(request, _("The merge is undone: both records are as they were."))
    return redirect(reverse("duplicates"))
