"""The statistics pages: a grid for an office or the département, its exports, trends
over years (paper grids: paper_grid_views). Access is decided here (statistics_access)
and passed to the stats selectors as office ids; every page and export is audited."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from lien.audit.models import Action
from lien.audit.services import record
from lien.base.forms import choice_field
from lien.offices.models import Office
from lien.stats import exports, selectors
from lien.stats.charts import line_chart
from lien.stats.definitions import load_grid
from lien.stats.publication import ProtectionPending

from .prepared_files import ask_statistics_export
from .statistics_access import (
    paper_grid_history_office_ids,
    sees_whole_departement,
    statistics_office_ids,
)
from .statistics_forms import ALL, StatsScopeForm

TREND_YEARS = 5


def _years(office_ids) -> list[int]:
    this_year = timezone.localdate().year
    return sorted(
        {this_year, *selectors.years_with_statistics(office_ids=office_ids)}, reverse=True
    )


def _scope(request, office_ids, *, allow_all: bool):
    """The grid, office and year asked for, checked against what the actor may see."""
    offices = list(Office.objects.filter(pk__in=office_ids).order_by("name"))
    if not offices:
        raise Http404
    whole = allow_all and sees_whole_departement(request.user)
    form = StatsScopeForm(
        request.GET or None, offices=offices, years=_years(office_ids), whole_departement=whole
    )
    if form.is_bound and form.is_valid():
        grid, code, year = (form.cleaned_data[k] for k in ("grid", "office", "year"))
    else:
        grid = _first_choice(form, "grid")
        code = ALL if whole else offices[0].code
        year = _first_choice(form, "year")
        form = StatsScopeForm(
            {"grid": grid, "office": code, "year": year},
            offices=offices,
            years=_years(office_ids),
            whole_departement=whole,
        )
        form.is_valid()
    office = None if code == ALL else next(o for o in offices if o.code == code)
    return form, grid, office, year


def while_protection_pending(view: Callable) -> Callable:
    """A year whose protection the task worker is deciding shows a page that says so, and
    asks to come back, instead of any count (lien/stats/publication.py)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ProtectionPending as pending:
            response = render(
                request, "stats/protection_pending.html", {"year": pending.args[0]}, status=202
            )
            response["Retry-After"] = "30"
            return response

    return wrapped


@while_protection_pending
def grid_page(request):
    office_ids = statistics_office_ids(request.user)
    form, grid, office, year = _scope(request, office_ids, allow_all=True)
    published = selectors.published_grid(
        office_ids=office_ids, grid_code=grid, year=year, office_id=office.pk if office else None
    )
    record(
        actor=request.user,
        action=Action.VIEW,
        object_kind="statistics_grid",
        object_id=f"{grid}:{year}",
        office_id=office.pk if office else None,
    )
    query = urlencode({"grid": grid, "office": office.code if office else ALL, "year": year})
    return render(
        request,
        "stats/grid_page.html",
        {
            "form": form,
            "published": published,
            "query": query,
            "formats": list(exports.FORMATS),
            "sees_paper_grids": bool(paper_grid_history_office_ids(request.user)),
        },
    )


def grid_export(request, fmt: str):
    """A whole year of a grid is prepared by the task worker (prepared_files.py): this
    asks for it and sends the agent to the page that offers it once ready."""
    if fmt not in exports.FORMATS:
        raise Http404
    office_ids = statistics_office_ids(request.user)
    _form, grid, office, year = _scope(request, office_ids, allow_all=True)
    return ask_statistics_export(
        request,
        grid=grid,
        year=year,
        office_id=office.pk if office else None,
        office_code=office.code if office else ALL,
        fmt=fmt,
    )


@while_protection_pending
def trends_page(request):
    office_ids = statistics_office_ids(request.user)
    form, grid_code, office, year = _scope(request, office_ids, allow_all=True)
    grid = load_grid(grid_code)
    years = list(range(year - TREND_YEARS + 1, year + 1))
    trends = [
        {
            "trend": trend,
            "chart": line_chart(
                chart_id=f"chart-{trend.table.code}",
                title=trend.table.title,
                years=years,
                series=trend.series,
            ),
        }
        for trend in selectors.grid_trends(
            office_ids=office_ids,
            grid_code=grid_code,
            years=years,
            office_id=office.pk if office else None,
        )
    ]
    record(
        actor=request.user,
        action=Action.VIEW,
        object_kind="statistics_trends",
        object_id=f"{grid_code}:{years[0]}-{years[-1]}",
        office_id=office.pk if office else None,
    )
    return render(
        request,
        "stats/trends_page.html",
        {"form": form, "grid": grid, "office": office, "years": years, "trends": trends},
    )


def _first_choice(form: StatsScopeForm, name: str) -> Any:
    """The value of the first choice a field offers, as the page opens."""
    choices: Any = choice_field(form, name).choices
    return choices[0][0]
