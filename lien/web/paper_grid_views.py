"""The paper-grid pages: the list of paper grids and where each stands, typing a grid (or
correcting it), withdrawing it, and its history. The office's manager types, corrects
and withdraws; the statisticians and the manager read the list and the history, which
say who changed what, when and why, never the figures (those are published only
through the grids, after disclosure control)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lien.audit.models import Action
from lien.audit.services import record
from lien.base.forms import run_service
from lien.offices.models import Office
from lien.stats.definitions import grid_codes, load_grid
from lien.stats.models import VersionKind
from lien.stats.paper import selectors as paper_selectors
from lien.stats.paper.rules import is_grid_year, refusal_for_year
from lien.stats.paper.typed import current_versions

from . import paper_grids
from .statistics_access import paper_grid_history_office_ids, paper_grid_office_ids
from .statistics_forms import PaperGridForm, StatsScopeForm, WithdrawPaperGridForm

YEARS_OFFERED = 6


def _office_and_grid(office_ids, grid_code: str, office_code: str, year: int):
    office = Office.objects.filter(code=office_code, pk__in=office_ids).first()
    if office is None or not is_grid_year(year) or grid_code not in grid_codes(year):
        raise Http404
    return office, load_grid(grid_code, year)


def _current(grid_code: str, office: Office, year: int):
    versions = current_versions(grid_codes=[grid_code], year=year, office_ids=[office.pk])
    return versions.get((grid_code, office.pk))


def paper_grids_page(request):
    """Where each paper grid stands, and for a manager the choice of a grid to type."""
    readable = paper_grid_history_office_ids(request.user)
    if not readable:
        raise Http404
    typing = list(
        Office.objects.filter(pk__in=paper_grid_office_ids(request.user)).order_by("name")
    )
    form = None
    if typing:
        this_year = timezone.localdate().year
        form = StatsScopeForm(
            request.GET or None,
            offices=typing,
            years=list(range(this_year, this_year - YEARS_OFFERED, -1)),
            whole_departement=False,
        )
        if form.is_bound and form.is_valid():
            return redirect(
                "stats_paper_grid",
                grid_code=form.cleaned_data["grid"],
                office_code=form.cleaned_data["office"],
                year=form.cleaned_data["year"],
            )
    states = paper_selectors.paper_grids_of(office_ids=readable)
    typing_ids = {o.pk for o in typing}
    return render(
        request,
        "stats/paper_grids.html",
        {"form": form, "states": states, "typing_ids": typing_ids},
    )


def paper_grid_page(request, grid_code: str, office_code: str, year: int):
    """Types the grid, or corrects it: every cell and total, and the reason of a change."""
    office, grid = _office_and_grid(
        paper_grid_office_ids(request.user), grid_code, office_code, year
    )
    refusal = refusal_for_year(office=office, year=year)
    current = _current(grid_code, office, year)
    live = current if current and current.kind != VersionKind.WITHDRAWN else None
    form = PaperGridForm(
        request.POST or None,
        grid=grid,
        initial_values=live.values if live else None,
        needs_reason=current is not None,
    )
    if request.method == "POST" and refusal is None and form.is_valid():
        version = run_service(
            form,
            lambda: paper_grids.type_paper_grid(
                actor=request.user,
                grid_code=grid_code,
                year=year,
                office_id=office.pk,
                values=form.values(),
                reason=form.change_reason(),
            ),
        )
        if version is not None:
            messages.success(
                request,
                _("Version %(number)s of the paper grid was saved.") % {"number": version.number},
            )
            query = urlencode({"grid": grid_code, "office": office.code, "year": year})
            return redirect(f"{reverse('stats_grid')}?{query}")
    return render(
        request,
        "stats/paper_grid_page.html",
        {
            "form": form,
            "grid": grid,
            "office": office,
            "year": year,
            "refusal": refusal,
            "current": current,
            "live": live,
        },
    )


def paper_grid_withdraw(request, grid_code: str, office_code: str, year: int):
    """Withdraws the grid, with a reason: the office's figures are then the record's."""
    office, grid = _office_and_grid(
        paper_grid_office_ids(request.user), grid_code, office_code, year
    )
    current = _current(grid_code, office, year)
    if current is None or current.kind == VersionKind.WITHDRAWN:
        raise Http404
    form = WithdrawPaperGridForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        withdrawn = run_service(
            form,
            lambda: paper_grids.withdraw_paper_grid(
                actor=request.user,
                grid_code=grid_code,
                year=year,
                office_id=office.pk,
                reason=form.cleaned_data["reason"],
            ),
        )
        if withdrawn is not None:
            messages.success(request, _("The paper grid was withdrawn."))
            return redirect("stats_paper_start")
    return render(
        request,
        "stats/paper_grid_withdraw.html",
        {"form": form, "grid": grid, "office": office, "year": year, "current": current},
    )


def paper_grid_history(request, grid_code: str, office_code: str, year: int):
    """Every version of the grid: who, when, which change and why; never the figures."""
    readable = paper_grid_history_office_ids(request.user)
    office, grid = _office_and_grid(readable, grid_code, office_code, year)
    versions = paper_selectors.paper_grid_history(
        office_ids=readable, grid_code=grid_code, office_id=office.pk, year=year
    )
    if not versions:
        raise Http404
    record(
        actor=request.user,
        action=Action.VIEW,
        object_kind="paper_grid_history",
        object_id=f"{grid_code}:{year}",
        office_id=office.pk,
    )
    return render(
        request,
        "stats/paper_grid_history.html",
        {
            "grid": grid,
            "office": office,
            "year": year,
            "versions": versions,
            "can_change": office.pk in paper_grid_office_ids(request.user),
            "withdrawn": versions[-1].kind == VersionKind.WITHDRAWN,
        },
    )
